// The desktop app's main process: the lifecycle only, wiring the tested parts together. The engine
// (ClientHost) runs here, as design.md asks; the window is sandboxed and talks to it over IPC.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  protocol,
  safeStorage,
  screen,
  session,
  Tray,
} from 'electron';
import { autoUpdater } from 'electron-updater';
import { useNativeCrypto } from '../../core/crypto/nativeCrypto';
import { ClientHost } from '../../core/host/clientHost';
import { createLogger, streamSink } from '../../core/logging/logger';
import { loadNetwork } from '../../core/network/networkDescription';
import { feedLoader } from '../../core/updates/updateChecker';
import { UpdateService } from '../../core/updates/updateService';
import { applicationMenuTemplate } from './applicationMenu';
import { appOrigin, appSchemePrivileges, appStartUrl, registerAppProtocol } from './appProtocol';
import { bridgeClientApi, type ClientApiBridge } from './ipcBridge';
import { createSafeStorageKeychain, desktopKeySources } from './keychain';
import { networkArgument, updateFeedAddress } from './launchOptions';
import { MessageNotifier } from './notifications';
import { StarlingTray } from './tray';
import { electronUpdateInstaller } from './updater';
import { externalLinkDialog, guardSession, guardWebContents, secureWebPreferences } from './windowSecurity';
import { closeAction, quitsWithLastWindow } from './windowClosing';
import { fitWindowState, minimumWindowSize, readWindowState, writeWindowState } from './windowState';

// Bundled to out/desktop/main/main.js (scripts/buildDesktop.js): the preload bundle and the built UI
// sit beside it in out/desktop/preload/ and out/renderer/.
const preloadPath = path.join(__dirname, '..', 'preload', 'preload.js');
const rendererDirectory = path.join(__dirname, '..', '..', 'renderer');
const trayIconPath = path.join(__dirname, '..', 'tray', 'tray-32x32.png');

/** How often the update feed is read again while the app runs. */
const updateCheckIntervalMs = 4 * 60 * 60 * 1000;

// The main process runs the engine, so its crypto is native (sodium-native is an N-API module).
useNativeCrypto();

const logger = createLogger({
  sink: streamSink(process.stderr),
  level: process.env.STARLING_LOG_LEVEL === 'debug' ? 'debug' : 'info',
  scope: 'desktop',
});

let mainWindow: BrowserWindow | undefined;
let host: ClientHost | undefined;
let bridge: ClientApiBridge | undefined;
let notifier: MessageNotifier | undefined;
let tray: StarlingTray | undefined;
/** Set once the person quits (menu, tray, Cmd+Q, an update's restart): windows then really close. */
let quitting = false;

async function confirmExternal(url: string): Promise<boolean> {
  const options = {
    type: 'question' as const,
    buttons: ['Open', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    ...externalLinkDialog(url),
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
  window.on('close', (event) => {
    if (closeAction(process.platform, quitting) === 'hide') {
      // macOS: the app keeps running in the Dock, receiving and notifying; the Dock icon brings the
      // window back as it was.
      event.preventDefault();
      window.hide();
      return;
    }
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

function showWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function startTray(): StarlingTray | undefined {
  try {
    return new StarlingTray(
      {
        createTray: (image) => new Tray(image),
        buildMenu: (template) => Menu.buildFromTemplate(template),
        image: nativeImage.createFromPath(trayIconPath),
      },
      { showWindow, quit: () => app.quit() },
    );
  } catch (error) {
    // Some Linux desktops have no notification area: the app works the same without it.
    logger.info(`no tray icon: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * Updates as the packaged app handles them: core decides what to say (feed and hardfork), and
 * electron-updater downloads and installs, only when the person chose to. A development build
 * checks only when given a feed, and cannot install.
 */
function createUpdates(): UpdateService {
  let packagedConfig: string | undefined;
  if (app.isPackaged) {
    try {
      packagedConfig = readFileSync(path.join(process.resourcesPath, 'app-update.yml'), 'utf8');
    } catch {
      packagedConfig = undefined;
    }
  }
  const feedUrl = updateFeedAddress(process.argv, process.env, packagedConfig);
  return new UpdateService({
    currentVersion: app.getVersion(),
    ...(feedUrl !== undefined && { loadFeed: feedLoader(feedUrl) }),
    ...(feedUrl !== undefined &&
      app.isPackaged && {
        installer: electronUpdateInstaller(autoUpdater, feedUrl, logger, () => (quitting = true)),
      }),
    intervalMs: updateCheckIntervalMs,
    logger,
  });
}

/** A required update is also said outside the window, which may be hidden or closed to the Dock. */
function notifyRequiredUpdates(clientHost: ClientHost): void {
  let announced: string | null = null;
  clientHost.on('update.changed', ({ update }) => {
    if (update.kind !== 'required' || update.version === announced) return;
    announced = update.version;
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title: 'Starling needs an update', body: update.message });
    notification.on('click', showWindow);
    notification.show();
  });
}

function startNotifications(clientHost: ClientHost): MessageNotifier {
  const messageNotifier = new MessageNotifier({
    // Until the engine's setting is read, notifications reveal neither who wrote nor what.
    mode: 'countOnly',
    show: (title, body, conversationId) => {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title, body, silent: false });
      notification.on('click', () => {
        showWindow();
        if (conversationId !== undefined) clientHost.notificationClicked(conversationId);
      });
      notification.show();
    },
    setBadge: (count) => {
      app.setBadgeCount(count);
      tray?.setUnread(count);
    },
    isWindowFocused: () => mainWindow?.isFocused() ?? false,
  });
  const loadConversations = (): void => {
    clientHost
      .listConversations({ list: 'chats' })
      .then(({ conversations }) => messageNotifier.loadConversations(conversations))
      .catch(() => undefined); // No account yet: 'account.ready' loads them.
  };
  const loadSettings = (): void => {
    clientHost
      .getSettings({})
      .then(({ notifications }) => messageNotifier.setMode(notifications))
      .catch(() => undefined); // No account yet: 'account.ready' loads them.
  };
  clientHost.on('settings.changed', ({ settings }) => messageNotifier.setMode(settings.notifications));
  clientHost.on('message.received', ({ message }) => messageNotifier.messageReceived(message));
  clientHost.on('conversation.updated', ({ conversation }) =>
    messageNotifier.conversationUpdated(conversation),
  );
  clientHost.on('conversation.removed', ({ conversationId }) =>
    messageNotifier.conversationRemoved(conversationId),
  );
  // A bulk decline or block, or a flood in one poll, comes as one event: the badge follows it too.
  clientHost.on('conversations.changed', ({ updated, removed }) => {
    for (const conversation of updated) messageNotifier.conversationUpdated(conversation);
    for (const conversationId of removed) messageNotifier.conversationRemoved(conversationId);
  });
  const loadAccount = (): void => {
    clientHost
      .getAccount({})
      .then(({ sessionId }) => messageNotifier.setOwnSessionId(sessionId))
      .catch(() => undefined); // No account yet: 'account.ready' loads it.
  };
  clientHost.on('account.ready', () => {
    loadAccount();
    loadConversations();
    loadSettings();
  });
  loadAccount();
  loadConversations();
  loadSettings();
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

  // Without a usable keychain, the host asks the person for a passphrase (the UI's first screen).
  const keySources = desktopKeySources(
    createSafeStorageKeychain(safeStorage),
    process.env.STARLING_PASSPHRASE,
  );
  host = await ClientHost.open({
    profileDirectory: path.join(app.getPath('userData'), 'profile'),
    network: await loadNetwork(networkArgument(process.argv)),
    keySources,
    requireKeyProtection: true,
    updates: createUpdates(),
    logger,
  });
  bridge = bridgeClientApi({ ipcMain, host, appOrigin, logger });
  tray = startTray();
  notifier = startNotifications(host);
  notifyRequiredUpdates(host);

  mainWindow = createWindow();
  bridge.addWindow(mainWindow.webContents);
  await mainWindow.loadURL(appStartUrl);
}

/** Closes the engine before the process ends, so the database and the send queue are left whole. */
function quitCleanly(): void {
  let closing = false;
  app.on('before-quit', (event) => {
    quitting = true;
    if (closing || !host) return;
    closing = true;
    event.preventDefault();
    notifier?.close();
    bridge?.close();
    tray?.destroy();
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
  app.on('second-instance', showWindow);
  // macOS: the Dock icon brings back the hidden window.
  app.on('activate', showWindow);
  app.on('window-all-closed', () => {
    if (quitsWithLastWindow(process.platform)) app.quit();
  });
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
