// First: begins the embedded PostgreSQL and forks the API processes before the application's modules are loaded
// (issue 18, point 5).
import { vroegeStart } from '../src/vroege-start';

/**
 * The default start (`npm start`): the API of src/main.ts, and without configuration the demo data in the embedded
 * database (DEMO_DATA, README). The product itself starts with `node dist/src/main.js` and never loads demo data.
 * The application is loaded once the embedded PostgreSQL's process runs (src/vroege-start.ts); demo/start.ts passes a
 * demo loader, so the fill runs when the configuration asks for demo data.
 */
void vroegeStart(true).then(async () => {
  await import('reflect-metadata');
  const [{ start }, { laadDemoData }] = await Promise.all([import('../src/main'), import('./demo-data')]);
  start(laadDemoData);
});
