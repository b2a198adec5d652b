// YAML out of plain objects, the same bytes every time. Written for YAML 1.1 readers too (PyYAML in
// docker-compose v1, older tools): a port mapping like 5000:5000 or a value like `no` is quoted.
import { stringify } from 'yaml';

export function yamlText(header: string, value: unknown): string {
  return header + stringify(value, { version: '1.1', lineWidth: 0, minContentWidth: 0, sortMapEntries: false, aliasDuplicateObjects: false });
}
