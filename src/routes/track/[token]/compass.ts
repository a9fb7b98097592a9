// A heading as the nearest of the eight compass points, in the reader's language.
import { m } from '$lib/paraglide/messages';

const points = [m.compass_n, m.compass_ne, m.compass_e, m.compass_se, m.compass_s, m.compass_sw, m.compass_w, m.compass_nw];

/** `degrees` clockwise from north. */
export const compassPoint = (degrees: number): string => points[Math.round((((degrees % 360) + 360) % 360) / 45) % 8]();
