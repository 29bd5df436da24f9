/**
 * PyPI compares project names after PEP 503 normalisation (`Flask_SQLAlchemy` is `flask-sqlalchemy`),
 * and OSV lists PyPI packages under that normalised name, so every Python parser normalises.
 */
export function normalizePythonName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[-_.]+/g, '-');
}

/** The project name at the start of a PEP 508 requirement: `requests[socks] (>=2.31) ; python_version < "3.8"`. */
export function requirementName(requirement: string): string | undefined {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement);
  return match ? normalizePythonName(match[1] as string) : undefined;
}
