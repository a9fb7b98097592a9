// Two operators acknowledge the same incident at the same moment (docs/console.md, "Incident
// lifecycle"): exactly one wins; the other is told who owns it.
import { test, expect, action, airbagEvent, cellOf, detailOf, operatorOn, rowOf, select, sendOk, timelineEntry, vin } from './helpers/console';
import { holdActions } from './helpers/browser';

test('two operators acknowledge at once: exactly one wins, the other is told who owns it', async ({ account, newPage, gateway }) => {
	const a = account('operator', 'race-a');
	const b = account('operator', 'race-b');
	const pageA = await newPage();
	const pageB = await newPage();
	// Both clicks are held on their way to the console and released together: a real race.
	const heldA = await holdActions(pageA);
	const heldB = await holdActions(pageB);
	await operatorOn(async () => pageA, a);
	await operatorOn(async () => pageB, b);

	const v = vin();
	await sendOk(await gateway(), 'airbag.deployed', airbagEvent(v));
	await select(pageA, v);
	await select(pageB, v);

	// Both click at once, while neither screen can know of the other's click.
	await Promise.all([action(pageA, 'Acknowledge').click(), action(pageB, 'Acknowledge').click()]);
	await expect.poll(() => heldA.count() + heldB.count(), { message: 'both acknowledgements on their way' }).toBe(2);
	heldA.release();
	heldB.release();

	// Exactly one owner, the same on both screens.
	await expect(cellOf(rowOf(pageA, v), 'owner')).toHaveText(new RegExp(`^\\s*(${a.username}|${b.username})\\s*$`));
	const winner = (await cellOf(rowOf(pageA, v), 'owner').innerText()).trim();
	const [winnerPage, loserPage] = winner === a.username ? [pageA, pageB] : [pageB, pageA];
	for (const page of [pageA, pageB]) {
		await expect(cellOf(rowOf(page, v), 'owner')).toHaveText(winner);
		await expect(detailOf(page)).toContainText(`Owned by ${winner}`);
	}

	// The other is told who owns it; the winner is told nothing of the kind.
	await expect(detailOf(loserPage).getByRole('alert')).toHaveText(`Refused: ${winner} owns this incident.`);
	await expect(detailOf(winnerPage).getByRole('alert')).toHaveCount(0);
	await expect(action(loserPage, 'Acknowledge')).toBeDisabled();

	// One acknowledgement on the timeline, by the winner.
	await expect(timelineEntry(winnerPage, /^\S+\s*Acknowledged/)).toHaveCount(1);
	await expect(timelineEntry(winnerPage, /^\S+\s*Acknowledged/)).toContainText(`by ${winner}`);
});
