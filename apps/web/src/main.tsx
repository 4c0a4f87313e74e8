/** Entry point: global styles and the app mounted on #app. */
import { render } from 'preact';
import { App } from './app';
import './styles/theme.css';
import './styles/base.css';

const root = document.getElementById('app');
if (!root) throw new Error('cannot start the UI: no #app element in index.html');
render(<App />, root);
