/** The time source of the auth services; tests pass a controllable one instead of sleeping. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
