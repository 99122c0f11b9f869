/** The command-line options of the scripts: `--name value`, repeatable. */

/** Every value given to `--name`, in order. */
export function optionValues(name: string): string[] {
  const values: string[] = []
  process.argv.forEach((argument, i) => {
    if (argument === `--${name}` && process.argv[i + 1] !== undefined)
      values.push(process.argv[i + 1]!)
  })
  return values
}
