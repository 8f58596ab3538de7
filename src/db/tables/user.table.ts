import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Timestamps, UuidPk, WithDefault } from './common.js';

/** `user`: the athlete; central entity of the seed schema. */
export interface UserTable extends Timestamps {
  id: UuidPk;
  email: string;
  full_name: string | null;
  /** argon2id encoded hash (`$argon2id$v=19$...`). Never leaves the database layer. */
  hashed_password: string;
  is_active: WithDefault<boolean>;
  is_verified: WithDefault<boolean>;
  athlete_context: string | null;
  planning_context: string | null;
}
export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
