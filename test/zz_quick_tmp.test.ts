import { test } from 'vitest';
import * as s from '../src/analyze/statistics.js';
test('quick', () => {
  const rnd = s.createRandom(42);
  for (const k of [6, 8, 10, 12]) {
    const row1=[], row2=[];
    for (let j=0;j<k;j++){ const c = 5+Math.floor(rnd()*30); const a=Math.floor(rnd()*(c+1)); row1.push(a); row2.push(c-a);}
    const t0=Date.now();
    const r = s.fisherExactRxC([row1,row2], {maxSteps: 3e8});
    console.log(k, row1.join(' '), '|', row2.join(' '), r, Date.now()-t0);
  }
}, 600000);
