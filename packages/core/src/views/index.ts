export { renderPage } from './render-page';
export { registerContentViews } from './register-content-views';
export { templateFolder } from './template-folder';
export type { TemplateFolder } from './template-folder';
