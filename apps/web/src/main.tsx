/** Entry point: global styles, the theme (before the first paint), and the app mounted on #app. */
import { render } from 'preact';
import { App } from './app';
import { initTheme } from './lib/theme';
import './styles/theme.css';
import './styles/base.css';

initTheme();
const root = document.getElementById('app');
if (!root) throw new Error('cannot start the UI: no #app element in index.html');
render(<App />, root);
