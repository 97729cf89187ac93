/** The store the read models live in (SQLite beside the event store, or PostgreSQL schema `read_models`). */
export const READ_MODEL_STORE = Symbol('READ_MODEL_STORE');
/** The projection runner keeping the read models up to date; `/health` reads its status. */
export const PROJECTION_RUNNER = Symbol('PROJECTION_RUNNER');
