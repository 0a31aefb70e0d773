/**
 * Pins the public exports of the cross-unit analysis modules: the HTML
 * report and scripts import them, so a rename must be deliberate.
 */
import { expect, it } from 'vitest';
import * as compare from '../../src/analyze/compare.js';
import * as cooccurrence from '../../src/analyze/cooccurrence.js';
import * as kwic from '../../src/analyze/kwic.js';
import * as quotes from '../../src/analyze/quotes.js';
import * as topics from '../../src/analyze/topics.js';
import * as kwicReport from '../../src/render/kwic-report.js';
import * as compareReport from '../../src/render/compare-report.js';
import * as cooccurrenceReport from '../../src/render/cooccurrence-report.js';
import * as quotesReport from '../../src/render/quotes-report.js';

it('exports of the analysis and render modules', () => {
  expect(Object.keys(compare).sort()).toEqual(['ASYMPTOTIC_MIN_EXPECTED', 'DEFAULT_EXACT_MAX_STEPS', 'DEFAULT_PERMUTATIONS', 'DEFAULT_PERMUTATION_SEED', 'MIN_TESTED_GROUP_SIZE', 'RESIDUAL_THRESHOLD', 'SEGMENT_EXACT_MAX_STEPS', 'compareGroups']);
  expect(Object.keys(cooccurrence).sort()).toEqual(['countCooccurrence', 'coverageOf', 'groupCodeSets', 'groupSegments', 'jaccardOf', 'rankPairs', 'segmentCodeSets']);
  expect(Object.keys(quotes).sort()).toEqual([
    'attributeValue',
    'compareDocumentOrder',
    'compareQuoteStrength',
    'kwicLine',
    'kwicLines',
    'matchesWhere',
    'mergeSpans',
    'parseWhere',
    'quotesOfTranscript',
    'resolveQuoteTarget',
    'selectQuotes',
  ]);
  expect(Object.keys(compareReport).sort()).toEqual(['compareCsvTable', 'compareJson', 'compareNote', 'compareTable']);
  expect(Object.keys(cooccurrenceReport).sort()).toEqual(['cooccurrenceEdgeTable', 'cooccurrenceJson', 'cooccurrenceMatrixCsvTable', 'cooccurrenceMatrixTable', 'cooccurrenceNote', 'cooccurrencePairsTable']);
  expect(Object.keys(quotesReport).sort()).toEqual(['describeAttributes', 'escapeMarkdownText', 'highlightText', 'kwicTables', 'kwicText', 'quotesCsvTable', 'quotesJson', 'quotesMarkdown', 'quotesText']);
  // Issue 17: topics, kwic.
  expect(Object.keys(topics).sort()).toEqual(['knownTopics', 'splitWhere', 'suggestTopic', 'unknownTopicMessage']);
  expect(Object.keys(kwic).sort()).toEqual(['buildConcordance', 'compileKwicPattern', 'kwicOfTranscript']);
  expect(Object.keys(kwicReport).sort()).toEqual(['kwicCsvTable', 'kwicJson', 'kwicReportTables', 'kwicSummary']);
});
