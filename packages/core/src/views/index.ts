export { renderPage } from './render-page';
export { registerContentViews } from './register-content-views';
