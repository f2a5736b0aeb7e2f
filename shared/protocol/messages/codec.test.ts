import { describe, expect, expectTypeOf, it } from 'vitest';
import { fromHex, toHex } from '../bytes';
import {
  type AttachmentPointer,
  type Content,
  type DataMessage,
  type Envelope,
  decodeContent,
  decodeEnvelope,
  decodeWebSocketMessage,
  encodeContent,
  encodeEnvelope,
  SessionProtos,
} from './codec';
import { isMessageError } from './messageErrors';

const aliceId = '05d2ad010eeb72d72e561d9de7bd7b6989af77dcabffa03a5111a6c859ae5c3a72';
const bobId = '05aa654f00fc39fc69fd0db829410ca38177d7732a8d2f0934ab3872ac56d5aa74';

function expectMalformed(decode: () => unknown): void {
  let caught: unknown;
  try {
    decode();
  } catch (error) {
    caught = error;
  }
  expect(isMessageError(caught), String(caught)).toBe(true);
  expect((caught as { code: string }).code).toBe('malformedMessage');
}

describe('required fields (§0.3: strict decoders reject messages without them)', () => {
  it('emits an AttachmentPointer id of 0', () => {
    // Content.dataMessage(1) → DataMessage.attachments(2) → AttachmentPointer.id(1), fixed64 zero.
    expect(toHex(encodeContent({ dataMessage: { attachments: [{ id: 0 }] } }))).toBe(
      '0a0b' + '1209' + '09' + '00'.repeat(8),
    );
  });

  it('emits every required field of a Reaction, zero values included', () => {
    const content: Content = {
      dataMessage: {
        reaction: { id: 0, author: '', action: SessionProtos.DataMessage.Reaction.Action.REACT },
      },
    };
    // reaction(11) { id(1)=0, author(2)="", action(4)=0 }; the optional emoji stays out.
    expect(toHex(encodeContent(content))).toBe('0a08' + '5a06' + '0800' + '1200' + '2000');
  });

  it('emits the required fields of the other messages', () => {
    const cases: [Content, string][] = [
      [{ dataMessage: { quote: { id: 0, author: '' } } }, '0a06' + '4204' + '0800' + '1200'],
      [{ dataMessage: { preview: [{ url: '' }] } }, '0a04' + '5202' + '0a00'],
      [{ dataMessage: { openGroupInvitation: { url: '', name: '' } } }, '0a07' + 'b20604' + '0a00' + '1a00'],
      [{ receiptMessage: { type: SessionProtos.ReceiptMessage.Type.DELIVERY } }, '2a02' + '0800'],
      [
        { typingMessage: { timestamp: 0, action: SessionProtos.TypingMessage.Action.STARTED } },
        '3204' + '0800' + '1000',
      ],
      [{ unsendRequest: { timestamp: 0, author: '' } }, '4a04' + '0800' + '1200'],
      [{ messageRequestResponse: { isApproved: false } }, '5202' + '0800'],
      [
        { dataExtractionNotification: { type: SessionProtos.DataExtractionNotification.Type.SCREENSHOT } },
        '4202' + '0801',
      ],
      [
        {
          sharedConfigMessage: {
            kind: SessionProtos.SharedConfigMessage.Kind.USER_PROFILE,
            seqno: 0,
            data: new Uint8Array(),
          },
        },
        '5a06' + '0801' + '1000' + '1a00',
      ],
      [
        { callMessage: { type: SessionProtos.CallMessage.Type.PRE_OFFER, uuid: '' } },
        '1a04' + '0806' + '2a00',
      ],
    ];
    for (const [content, hex] of cases) {
      expect(toHex(encodeContent(content)), JSON.stringify(content)).toBe(hex);
    }
    // Envelope: type(1) and timestamp(5), nothing else when nothing else is set.
    expect(toHex(encodeEnvelope({ type: SessionProtos.Envelope.Type.SESSION_MESSAGE, timestamp: 0 }))).toBe(
      '0806' + '2800',
    );
  });

  it('refuses messages that lack one', () => {
    // A Reaction without its action.
    expectMalformed(() => decodeContent(fromHex('0a06' + '5a04' + '0800' + '1200')));
    // An Envelope without its timestamp.
    expectMalformed(() => decodeEnvelope(fromHex('0806')));
    // An AttachmentPointer without its id.
    expectMalformed(() => decodeContent(fromHex('0a04' + '1202' + '1000')));
  });

  it('treats an unknown value of a required enum as missing, like protoc’s proto2 parsers', () => {
    expectMalformed(() => decodeContent(fromHex('0a08' + '5a06' + '0800' + '1200' + '2002')));
    // An unknown value of an optional enum is dropped.
    expect(decodeContent(fromHex('6007'))).toEqual({});
  });
});

describe('presence and values', () => {
  it('types 64-bit fields as numbers and absent fields as undefined', () => {
    expectTypeOf<Envelope['timestamp']>().toEqualTypeOf<number>();
    expectTypeOf<Envelope['type']>().toEqualTypeOf<SessionProtos.Envelope.Type>();
    expectTypeOf<Content['sigTimestamp']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<DataMessage['attachments']>().toEqualTypeOf<AttachmentPointer[] | undefined>();
    expectTypeOf<AttachmentPointer['id']>().toEqualTypeOf<number>();
  });

  it('keeps optional zero values apart from absent ones', () => {
    expect(toHex(encodeContent({ expirationTimer: 0 }))).toBe('6800');
    expect(toHex(encodeContent({}))).toBe('');
    expect(decodeContent(fromHex('6800'))).toEqual({ expirationTimer: 0 });
    const decoded = decodeContent(new Uint8Array());
    expect(decoded).toEqual({});
    expect(decoded.sigTimestamp).toBeUndefined();
    expect(decoded.dataMessage).toBeUndefined();
  });

  it('reads 64-bit integers as numbers, exactly up to 2^53', () => {
    for (const timestamp of [0, 1, 1696374203105, Number.MAX_SAFE_INTEGER]) {
      const envelope = decodeEnvelope(
        encodeEnvelope({ type: SessionProtos.Envelope.Type.SESSION_MESSAGE, timestamp }),
      );
      expect(envelope.timestamp).toBe(timestamp);
    }
    const config: Content = {
      sharedConfigMessage: {
        kind: SessionProtos.SharedConfigMessage.Kind.CONTACTS,
        seqno: -1,
        data: fromHex('00ff'),
      },
    };
    const bytes = encodeContent(config);
    // int64 −1 is a ten-byte varint.
    expect(toHex(bytes)).toBe('5a11' + '0802' + '10' + 'ff'.repeat(9) + '01' + '1a0200ff');
    expect(decodeContent(bytes)).toEqual(config);
  });

  it('accepts packed and unpacked repeated numbers, and writes them unpacked (proto2)', () => {
    const receipt: Content = {
      receiptMessage: { type: SessionProtos.ReceiptMessage.Type.READ, timestamp: [1, 300] },
    };
    const unpacked = '2a07' + '0801' + '1001' + '10ac02';
    expect(toHex(encodeContent(receipt))).toBe(unpacked);
    expect(decodeContent(fromHex(unpacked))).toEqual(receipt);
    expect(decodeContent(fromHex('2a07' + '0801' + '1203' + '01ac02'))).toEqual(receipt);
  });

  it('skips fields it does not know (Pro, legacy configuration, a future DataMessage field)', () => {
    // Content 16 (proMessage, bytes), Content 7 (configurationMessage), DataMessage 121 (unassigned;
    // 120 is groups v2's GroupUpdateMessage now).
    const bytes = fromHex('8201' + '03' + '010203' + '3a00' + '0a06' + 'ca0700' + '0a0178');
    expect(decodeContent(bytes)).toEqual({ dataMessage: { body: 'x' } });
  });

  it('returns bytes as unshared plain Uint8Arrays', () => {
    const input = fromHex('0806' + '2801' + '4203' + '010203');
    const envelope = decodeEnvelope(input);
    expect(envelope.content?.constructor).toBe(Uint8Array);
    input[input.length - 1] = 0;
    expect(toHex(envelope.content!)).toBe('010203');
    expect(encodeContent({ dataMessage: { body: 'x' } }).constructor).toBe(Uint8Array);
  });

  it('round-trips every kind of Content', () => {
    const attachment = {
      id: 987654321,
      contentType: 'audio/mp3',
      key: new Uint8Array(64).fill(3),
      size: 4321,
      digest: new Uint8Array(32).fill(4),
      fileName: 'session-audio-message',
      flags: SessionProtos.AttachmentPointer.Flags.VOICE_MESSAGE,
      width: 0,
      height: 0,
      caption: 'listen',
      url: 'http://filev2.getsession.org/file/987654321',
    };
    const samples: Content[] = [
      {
        dataMessage: {
          body: 'all of it',
          attachments: [attachment, { id: 0 }],
          flags: SessionProtos.DataMessage.Flags.EXPIRATION_TIMER_UPDATE,
          expireTimer: 3600,
          profileKey: new Uint8Array(32).fill(5),
          timestamp: 1700000000000,
          quote: {
            id: 1700000000001,
            author: bobId,
            text: 'quoted',
            attachments: [{ contentType: 'image/png', fileName: 'a.png', thumbnail: attachment, flags: 0 }],
          },
          preview: [{ url: 'https://getsession.org', title: 'Session', image: attachment }],
          reaction: {
            id: 1700000000002,
            author: aliceId,
            emoji: '👍',
            action: SessionProtos.DataMessage.Reaction.Action.REMOVE,
          },
          profile: { displayName: 'Bob', profilePicture: 'http://x/file/1', lastProfileUpdateSeconds: 1 },
          openGroupInvitation: {
            url: 'https://open.getsession.org/session?public_key=' + 'ab'.repeat(32),
            name: 'Session',
          },
          closedGroupControlMessage: {
            type: SessionProtos.DataMessage.ClosedGroupControlMessage.Type.NEW,
            publicKey: fromHex(bobId),
            name: 'Friends',
            encryptionKeyPair: {
              publicKey: new Uint8Array(32).fill(6),
              privateKey: new Uint8Array(32).fill(7),
            },
            members: [fromHex(aliceId), fromHex(bobId)],
            admins: [fromHex(aliceId)],
            wrappers: [{ publicKey: fromHex(bobId), encryptedKeyPair: new Uint8Array(200).fill(8) }],
            expirationTimer: 0,
          },
          group: {
            id: new Uint8Array(10).fill(9),
            type: SessionProtos.GroupContext.Type.DELIVER,
            name: 'Friends',
            members: [aliceId],
            admins: [aliceId],
            avatar: attachment,
          },
          syncTarget: bobId,
          blocksCommunityMessageRequests: false,
        },
        expirationType: SessionProtos.Content.ExpirationType.DELETE_AFTER_READ,
        expirationTimer: 60,
        sigTimestamp: 1700000000003,
      },
      {
        callMessage: {
          type: SessionProtos.CallMessage.Type.ICE_CANDIDATES,
          sdps: ['candidate:1', 'candidate:2'],
          sdpMLineIndexes: [0, 1],
          sdpMids: ['0', '1'],
          uuid: '3b241101-e2bb-4255-8caf-4136c566a962',
        },
      },
      { receiptMessage: { type: SessionProtos.ReceiptMessage.Type.READ, timestamp: [1, 2, 3] } },
      { typingMessage: { timestamp: 1700000000004, action: SessionProtos.TypingMessage.Action.STOPPED } },
      {
        dataExtractionNotification: {
          type: SessionProtos.DataExtractionNotification.Type.MEDIA_SAVED,
          timestamp: 1700000000005,
        },
      },
      { unsendRequest: { timestamp: 1700000000006, author: aliceId } },
      {
        messageRequestResponse: {
          isApproved: true,
          profileKey: new Uint8Array(32).fill(10),
          profile: { displayName: 'Alice' },
        },
      },
    ];
    for (const content of samples) {
      const bytes = encodeContent(content);
      expect(decodeContent(bytes)).toEqual(content);
      expect(toHex(encodeContent(decodeContent(bytes)))).toBe(toHex(bytes));
    }
  });
});

describe('hostile bytes', () => {
  it('fail as malformedMessage, whatever the decoder trips on', () => {
    const cases = [
      '0a', // a length-delimited field without its length
      '0a05', // …with a length beyond the end
      '0a' + 'ff'.repeat(10) + '01', // an overlong varint length
      '0f', // wire type 7 does not exist
      '00', // field number 0
      '0b', // a group that never ends
      '7b'.repeat(5000), // unknown groups nested past the recursion limit
      '0a02' + '0a', // a message whose inner field runs past its own length
    ];
    for (const hex of cases) {
      expectMalformed(() => decodeContent(fromHex(hex)));
      expectMalformed(() => decodeWebSocketMessage(fromHex(hex)));
    }
  });
});
