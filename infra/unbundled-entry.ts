/**
 * Stands in for a function entry that does not exist on this branch, when a test synthesises the
 * stack without bundling (`aws:cdk:bundling-stacks: []`). It is never bundled nor deployed: a
 * bundled synth with a missing entry fails and names the file.
 */
export const handler = async (): Promise<never> => {
  throw new Error('unbundled stand-in entry invoked');
};
