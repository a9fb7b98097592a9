// What the console and the wall share: the live feed, the clock, the alarms and the queue order.
import { onMount } from 'svelte';
import { AlarmPlayer } from './alarm.svelte';
import { Clock } from './clock.svelte';
import { LiveFeed } from './live.svelte';
import { alarmsOf, compareIncidents } from '$lib/domain/queue';
import type { Thresholds } from '$lib/domain/rules';

export class Screen {
	live = new LiveFeed();
	clock = new Clock();
	player = new AlarmPlayer();

	readonly thresholds: Thresholds;
	/** The signed-in account, for its follow-up alarms; null on the wall display. */
	readonly me: number | null;

	/** Open incidents in the queue's order. */
	queue = $derived.by(() => [...this.live.incidents.values()].sort((a, b) => compareIncidents(a, b, this.clock.now, this.thresholds)));
	alarms = $derived.by(() => alarmsOf(this.queue, this.live.gateways, this.clock.now, this.thresholds, this.me));

	constructor(thresholds: Thresholds, me: number | null) {
		this.thresholds = thresholds;
		this.me = me;
		onMount(() => {
			this.live.connect();
			this.clock.start();
			this.player.start();
			return () => {
				this.live.close();
				this.clock.stop();
				this.player.stop();
			};
		});
		$effect(() => this.player.update(this.alarms, this.clock.now));
	}
}
