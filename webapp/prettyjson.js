// Event data as the hub carries it (compact JSON), indented for reading. It re-indents the text rather
// than printing what JSON.parse made of it, because parsing changes numbers: the hub keeps every number's
// text (12345678901234567890 stays that), and so does the page.
'use strict';

const PrettyJson = {
  /** The data indented by two spaces if it is JSON; otherwise as it came. */
  format(text) {
    try {
      JSON.parse(text);
    } catch (err) {
      return text;
    }
    return PrettyJson.indent(text);
  },

  /** Re-indents valid JSON, keeping every token's text: whitespace outside strings is the only change. */
  indent(json) {
    let out = '';
    let depth = 0;
    let inString = false;
    let escaped = false;
    const newLine = () => '\n' + '  '.repeat(depth);
    for (let i = 0; i < json.length; i++) {
      const c = json[i];
      if (inString) {
        out += c;
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') inString = false;
        continue;
      }
      switch (c) {
        case '"':
          inString = true;
          out += c;
          break;
        case '{':
        case '[': {
          const next = PrettyJson.nextToken(json, i + 1);
          if (json[next] === (c === '{' ? '}' : ']')) { // empty: {} and [] stay on their line
            out += c + json[next];
            i = next;
          } else {
            depth += 1;
            out += c + newLine();
          }
          break;
        }
        case '}':
        case ']':
          depth -= 1;
          out += newLine() + c;
          break;
        case ',':
          out += ',' + newLine();
          break;
        case ':':
          out += ': ';
          break;
        case ' ':
        case '\t':
        case '\n':
        case '\r':
          break;
        default:
          out += c;
      }
    }
    return out;
  },

  nextToken(json, from) {
    let i = from;
    while (i < json.length && ' \t\n\r'.includes(json[i])) i += 1;
    return i;
  },
};
