import type { Role } from '$lib/domain/roles';
import type { SocConsole } from '$lib/server/console';

declare global {
	namespace App {
		interface Locals {
			/** The running console (src/lib/server/console.ts). */
			soc: SocConsole;
			user: { id: number; username: string; role: Role; locale: string | null } | null;
			sessionId?: string;
			/** The request carried a session cookie that is no longer valid. */
			sessionEnded: boolean;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
