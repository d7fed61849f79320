export async function runContractCli(_argv: string[]): Promise<number> {
  process.stderr.write('saf-mock contract: not available in this build\n');
  return 2;
}
