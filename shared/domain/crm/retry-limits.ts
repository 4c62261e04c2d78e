/** SQS's longest visibility timeout: no retry can be postponed further in one step. */
export const MAX_RETRY_DELAY_SECONDS = 43_200;
