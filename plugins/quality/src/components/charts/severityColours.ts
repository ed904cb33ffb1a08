import { Severity } from '@quality-pulse/plugin-quality-common';

/**
 * One colour per severity, hot to cool, chosen to read on Backstage's light
 * and dark backgrounds alike (mid-tone, not pastel, not near-black).
 */
export const SEVERITY_COLOURS: Record<Severity, string> = {
  P0: '#e53935',
  P1: '#fb8c00',
  P2: '#fdd835',
  P3: '#1e88e5',
  P4: '#8e24aa',
  unclassified: '#9e9e9e',
};
