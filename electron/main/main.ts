// The desktop app's main process: the lifecycle only, wiring the tested parts together. The engine
// (ClientHost) runs here, as design.md asks; the window is sandboxed and talks to it over IPC.
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  Notification,
  protocol,
  safeStorage,
  screen,
  session,
} from 'electron';
import { ClientHost } from '../../core/host/clientHost';
import { createLogger, streamSink } from '../../core/logging/logger';
import { loadNetwork } from '../../core/network/networkDescription';
import { applicationMenuTemplate } from './applicationMenu';
import { appOrigin, appSchemePrivileges, appStartUrl, registerAppProtocol } from './appProtocol';
import { bridgeClientApi, type ClientApiBridge } from './ipcBridge';
import { createSafeStorageKeychain, desktopKeySources } from './keychain';
import { networkArgument } from './launchOptions';
import { MessageNotifier } from './notifications';
import { guardSession, guardWebContents, secureWebPreferences } from './windowSecurity';
import { fitWindowState, minimumWindowSize, readWindowState, writeWindowState } from './windowState';

// Bundled to out/desktop/main/main.js (scripts/buildDesktop.js): the preload bundle and the built UI
// sit beside it in out/desktop/preload/ and out/renderer/.
const preloadPath = path.join(__dirname, '..', 'preload', 'preload.js');
const rendererDirectory = path.join(__dirname, '..', '..', 'renderer');

const logger = createLogger({
  sink: streamSink(process.stderr),
  level: process.env.STARLING_LOG_LEVEL === 'debug' ? 'debug' : 'info',
  scope: 'desktop',
});

let mainWindow: BrowserWindow | undefined;
let host: ClientHost | undefined;
let bridge: ClientApiBridge | undefined;
let notifier: MessageNotifier | undefined;

async function confirmExternal(url: string): Promise<boolean> {
  const options = {
    type: 'question' as const,
    buttons: ['Open', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: 'Open this link in your browser?',
    detail: url,
  };
  const { response } = mainWindow
    ? await dialog.showMessageBox(mainWindow, options)
    : await dialog.showMessageBox(options);
  return response === 0;
}

function createWindow(): BrowserWindow {
  const stateFile = path.join(app.getPath('userData'), 'window-state.json');
  const workAreas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map(
    (display) => display.workArea,
  );
  const placement = fitWindowState(readWindowState(stateFile), workAreas);
  const window = new BrowserWindow({
    ...placement,
    minWidth: minimumWindowSize.width,
    minHeight: minimumWindowSize.height,
    show: false,
    title: 'Starling',
    webPreferences: secureWebPreferences(preloadPath),
  });
  guardWebContents(window.webContents, { appOrigin, confirmExternal, logger });
  if (placement.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    try {
      writeWindowState(stateFile, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
    } catch (error) {
      logger.warn(`could not remember the window's place: ${(error as Error).message}`);
    }
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
  });
  return window;
}

function startNotifications(clientHost: ClientHost): MessageNotifier {
  const messageNotifier = new MessageNotifier({
    // The mode chosen in the renderer's settings does not reach the main process yet: until it
    // does, notifications reveal neither who wrote nor what.
    mode: 'countOnly',
    show: (title, body) => {
      if (Notification.isSupported()) new Notification({ title, body, silent: false }).show();
    },
    setBadge: (count) => app.setBadgeCount(count),
    isWindowFocused: () => mainWindow?.isFocused() ?? false,
  });
  const loadConversations = (): void => {
    clientHost
      .listConversations({ list: 'chats' })
      .then(({ conversations }) => messageNotifier.loadConversations(conversations))
      .catch(() => undefined); // No account yet: 'account.ready' loads them.
  };
  clientHost.on('message.received', ({ message }) => messageNotifier.messageReceived(message));
  clientHost.on('conversation.updated', ({ conversation }) =>
    messageNotifier.conversationUpdated(conversation),
  );
  clientHost.on('conversation.removed', ({ conversationId }) =>
    messageNotifier.conversationRemoved(conversationId),
  );
  clientHost.on('account.ready', loadConversations);
  loadConversations();
  return messageNotifier;
}

async function start(): Promise<void> {
  registerAppProtocol(protocol, rendererDirectory);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      applicationMenuTemplate({
        platform: process.platform,
        development: !app.isPackaged,
        showAbout: () => app.showAboutPanel(),
      }),
    ),
  );
  guardSession(session.defaultSession, appOrigin);

  const keySources = await desktopKeySources(
    createSafeStorageKeychain(safeStorage),
    process.env.STARLING_PASSPHRASE,
  );
  if (!keySources) {
    // The passphrase prompt is not built yet; opening the profile now would store keys unprotected.
    dialog.showErrorBox(
      'Starling cannot protect your keys',
      'This system has no keychain. Start Starling with STARLING_PASSPHRASE set to protect them with a passphrase.',
    );
    app.quit();
    return;
  }
  host = await ClientHost.open({
    profileDirectory: path.join(app.getPath('userData'), 'profile'),
    network: await loadNetwork(networkArgument(process.argv)),
    keySources,
    logger,
  });
  bridge = bridgeClientApi({ ipcMain, host, appOrigin, logger });
  notifier = startNotifications(host);

  mainWindow = createWindow();
  bridge.addWindow(mainWindow.webContents);
  await mainWindow.loadURL(appStartUrl);
}

/** Closes the engine before the process ends, so the database and the send queue are left whole. */
function quitCleanly(): void {
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing || !host) return;
    closing = true;
    event.preventDefault();
    notifier?.close();
    bridge?.close();
    host
      .close()
      .catch((error: unknown) => logger.error(`could not close the engine: ${(error as Error).message}`))
      .finally(() => {
        host = undefined;
        app.quit();
      });
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another Starling holds the profile: it focuses its window (below) and this one leaves.
  app.quit();
} else {
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  quitCleanly();
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      logger.error(`Starling could not start: ${(error as Error).stack ?? String(error)}`);
      dialog.showErrorBox('Starling could not start', (error as Error).message);
      app.exit(1);
    });
}
