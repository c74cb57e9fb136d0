import { describe, expect, it } from 'vitest';
import { ExampleFileError, parseCsv, parseExampleFile } from '../../../../src/core/bot/intents/index.ts';

describe('labelled example files', () => {
  it('read CSV with quoted commas, doubled quotes, line breaks and CRLF', () => {
    const csv = 'text,category\r\n"late, again",card_arrival\r\n"a ""quoted"" fee",fees\r\n"two\nlines",x\r\n';
    expect(parseExampleFile('t.csv', csv)).toEqual([
      { text: 'late, again', intent: 'card_arrival' },
      { text: 'a "quoted" fee', intent: 'fees' },
      { text: 'two\nlines', intent: 'x' },
    ]);
  });

  it('number CSV records by the line they start on', () => {
    const records = parseCsv('a,b\n"x\ny",1\nz,2\n');
    expect(records.map((record) => record.line)).toEqual([1, 2, 4]);
  });

  it('accept an optional lang column and a UTF-8 byte-order mark', () => {
    expect(parseExampleFile('t.csv', '\ufefftext,category,lang\nhola,greeting,es\n')).toEqual([{ text: 'hola', intent: 'greeting', lang: 'es' }]);
  });

  it('read JSON Lines, skipping blank lines', () => {
    const jsonl = '{"text":"hi","intent":"greeting","lang":"en"}\n\n{"text":"你好","intent":"greeting"}\n';
    expect(parseExampleFile('t.jsonl', jsonl)).toEqual([
      { text: 'hi', intent: 'greeting', lang: 'en' },
      { text: '你好', intent: 'greeting' },
    ]);
  });

  it('say which line is wrong', () => {
    const attempt = (name: string, content: string): string => {
      try {
        parseExampleFile(name, content);
      } catch (err) {
        expect(err).toBeInstanceOf(ExampleFileError);
        return (err as Error).message;
      }
      return 'no error';
    };
    expect(attempt('t.csv', 'message,label\nx,y\n')).toMatch(/line 1: bad header/);
    expect(attempt('t.csv', 'text,category\nok,a\nnot,ok,at all\n')).toMatch(/line 3: expected 2 fields, found 3/);
    expect(attempt('t.csv', 'text,category\n"never closed,a\n')).toMatch(/line 2: unterminated/);
    expect(attempt('t.csv', 'text,category\n,a\n')).toMatch(/line 2: empty text/);
    expect(attempt('t.jsonl', '{"text":"a","intent":"b"}\n{"text":"a"\n')).toMatch(/line 2: not valid JSON/);
    expect(attempt('t.jsonl', '{"text":"a"}\n')).toMatch(/line 1: expected an object/);
    expect(attempt('t.jsonl', '\n\n')).toMatch(/no examples/);
  });
});
