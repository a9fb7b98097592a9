// What the wall display receives of the feed: everything it draws, nothing personal and no
// people's words (docs/console.md: the wall never shows names, phones or notes). Entries keep their
// numbers, so the wall still notices a gap and catches up.
import type { FeedEntry, IncidentView, Snapshot, TimelineEntry } from './incident';

export function wallIncident(incident: IncidentView): IncidentView {
	return {
		...incident,
		vehicle: incident.vehicle && { ...incident.vehicle, ownerName: null, ownerPhone: null, ownerLanguage: null },
		escalations: incident.escalations.map((e) => ({ ...e, references: [] }))
	};
}

const wallTimeline = (entry: TimelineEntry): TimelineEntry => ({ ...entry, data: {} });

export function wallEntry(entry: FeedEntry): FeedEntry {
	switch (entry.kind) {
		case 'incident':
			return { ...entry, data: wallIncident(entry.data) };
		case 'timeline':
			return { ...entry, data: wallTimeline(entry.data) };
		case 'track':
			return entry;
	}
}

export function wallSnapshot(snapshot: Snapshot): Snapshot {
	return { ...snapshot, incidents: snapshot.incidents.map(wallIncident) };
}
