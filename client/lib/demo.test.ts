import { describe, expect, it } from 'vitest';
import { needsDemoTag, streetsAreDemo, withDemoColumn } from './demo.ts';

describe('demo markers', () => {
  it('marks the street offices while the streets layer holds demo features, and only then', () => {
    expect(streetsAreDemo([{ id: 'streets', demoCount: 18 }])).toBe(true);
    expect(streetsAreDemo([{ id: 'streets', demoCount: 0 }])).toBe(false);
    expect(streetsAreDemo([{ id: 'coal_ban_zones', demoCount: 3 }])).toBe(false);
    expect(streetsAreDemo([])).toBe(false);
  });

  it('tags a demo feature whose name does not say 示意, never an official one or a name that says it', () => {
    expect(needsDemoTag({ name: '北关街道', is_demo: true })).toBe(true);
    expect(needsDemoTag({ is_demo: true })).toBe(true);
    expect(needsDemoTag({ name: '示意工地一', is_demo: true })).toBe(false);
    expect(needsDemoTag({ name: '北关街道', is_demo: false })).toBe(false);
    expect(needsDemoTag({ name: '北关街道' })).toBe(false);
  });
});

describe('downloaded tables', () => {
  const cols = [{ key: 'name', label: '名称' }];
  const row = (props: Record<string, unknown>) => ({ feature: { properties: props } });
  it('gain a 示意数据 column when a row is demo data, and only then', () => {
    expect(withDemoColumn([row({ name: '北关街道', is_demo: true }), row({ name: '官方' })], cols, '示意数据')).toEqual([
      ...cols,
      { key: 'is_demo', label: '示意数据' },
    ]);
    expect(withDemoColumn([row({ name: '官方', is_demo: false })], cols, '示意数据')).toEqual(cols);
  });
});
