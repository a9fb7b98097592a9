// A load balancer for tests of several nodes: a TCP proxy on loopback that hands each new
// connection to the next node in turn, skipping a node that refuses it (killed), the way a
// balancer with health checks does. WebSocket upgrades pass through as they are: it is TCP.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface Balancer {
	url: string;
	port: number;
	/** The nodes' ports, in turn; nodes may be added after it started. */
	nodes: number[];
	/** Connections handed to each node so far, by its port. */
	handed: Map<number, number>;
	close(): Promise<void>;
}

export async function startBalancer(nodePorts: number[]): Promise<Balancer> {
	let next = 0;
	const handed = new Map<number, number>();
	const open = new Set<Socket>();
	const server: Server = createServer((client) => {
		open.add(client);
		client.on('close', () => open.delete(client));
		client.pause();
		const tryNode = (left: number) => {
			if (left === 0) return client.destroy();
			const port = nodePorts[next++ % nodePorts.length];
			const upstream = connect({ host: '127.0.0.1', port });
			let connected = false;
			upstream.once('error', () => {
				if (!connected) tryNode(left - 1);
			});
			upstream.once('connect', () => {
				connected = true;
				open.add(upstream);
				upstream.on('close', () => open.delete(upstream));
				handed.set(port, (handed.get(port) ?? 0) + 1);
				upstream.on('error', () => client.destroy());
				client.on('error', () => upstream.destroy());
				upstream.on('close', () => client.destroy());
				client.on('close', () => upstream.destroy());
				client.pipe(upstream);
				upstream.pipe(client);
				client.resume();
			});
		};
		tryNode(nodePorts.length);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		nodes: nodePorts,
		handed,
		close: () =>
			new Promise((resolve) => {
				for (const socket of open) socket.destroy();
				server.close(() => resolve());
			})
	};
}
