// First: begins the embedded PostgreSQL and forks the API processes before the modules below are loaded (issue 18,
// point 5).
import '../src/vroege-start';
import 'reflect-metadata';

import { start } from '../src/main';
import { laadDemoData } from './demo-data';

/**
 * The default start (`npm start`): the API of src/main.ts, and without configuration the demo data in the embedded
 * database (DEMO_DATA, README). The product itself starts with `node dist/src/main.js` and never loads demo data.
 */
start(laadDemoData);
