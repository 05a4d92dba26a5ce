import { isMap, isScalar, isSeq } from 'yaml';
import { quoteScalar } from '../../edit/yamlEdits';
import { locate } from '../../parse/locate';
import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';

/** YAML 1.1's sexagesimal integers: `22:22` is 1342 to a YAML 1.1 parser. */
const BASE_60 = /^[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+$/;

/**
 * An unquoted `22:22` is a string to YAML 1.2 but the number 1342 to YAML 1.1 parsers, which older
 * Compose tools and many scripts still use. Quoting it means the same to every reader.
 */
export const findBase60Ports: ComposeRule = (ctx) => {
  const services = locate(ctx.doc, ['services']).value;
  if (!isMap(services)) return [];
  // Walk the services' nodes once: looking each service up by name would be quadratic in big files.
  return services.items.flatMap((entry) =>
    ['ports', 'expose'].flatMap((field) => {
      const service = entry.value;
      const list = isMap(service) ? service.get(field, true) : undefined;
      if (!isSeq(list)) return [];
      return list.items.flatMap((item): Finding[] => {
        if (!isScalar(item) || item.type !== 'PLAIN' || typeof item.value !== 'string' || !item.range) return [];
        if (!BASE_60.test(item.value)) return [];
        const span: [number, number] = [item.range[0], item.range[1]];
        return [
          {
            code: 'compose/port-base60',
            severity: 'warning',
            message: `Unquoted ${item.value} is read as the number ${base60(item.value)} by YAML 1.1 parsers (base 60). Quote it: "${item.value}".`,
            span,
            fixes: [{ title: `Quote "${item.value}"`, edits: [quoteScalar(ctx.text, span)], preferred: true }],
          },
        ];
      });
    }),
  );
};

function base60(text: string): number {
  return text.split(':').reduce((total, part) => total * 60 + Number(part.replace(/_/g, '')), 0);
}
