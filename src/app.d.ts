import type { Role } from '$lib/domain/roles';

declare global {
	namespace App {
		interface Locals {
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
