// One look for every file, so that reviews are about what changed. 140 columns: the code names things
// in full (engine events, ECS fields) and reads better unwrapped; single quotes, as it was written.
export default {
  printWidth: 140,
  singleQuote: true,
  trailingComma: 'all',
  endOfLine: 'lf',
};
