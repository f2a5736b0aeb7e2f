// The UI's entry: connects to the engine (preload or WebSocket), starts the event bridge, and
// renders the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './api/connection';
import { App } from './App';
import { loadStoredTheme } from './store/accountActions';
import { useConnection } from './store/actions';
import { trackActivity } from './store/activity';
import { bridgeEvents } from './store/eventBridge';
import './styles/app.css';

const connection = connect();
useConnection(connection);
// Before the first render, so the page never flashes the other theme.
loadStoredTheme();
bridgeEvents(connection);
trackActivity();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
