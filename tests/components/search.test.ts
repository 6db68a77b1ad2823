import { describe, expect, it } from 'vitest';
import { hitsOf } from '../../src/components/client/search.ts';

describe('search results', () => {
  it('lists a page\'s best-matching headings (three at most) in page order, naming the lesson', () => {
    const hits = hitsOf({
      url: '/lessons/floats/',
      excerpt: 'page',
      meta: { title: 'Floats' },
      sub_results: [
        { title: 'Floats', url: '/lessons/floats/', excerpt: 'intro', locations: [1] },
        { title: 'A', url: '/lessons/floats/#a', excerpt: 'a', locations: [5, 6, 7] },
        { title: 'B', url: '/lessons/floats/#b', excerpt: 'b', locations: [9] },
        { title: 'C', url: '/lessons/floats/#c', excerpt: 'c', locations: [12, 13] },
      ],
    });
    expect(hits.map((h) => [h.section, h.url])).toEqual([['Introduction', '/lessons/floats/'], ['A', '/lessons/floats/#a'], ['C', '/lessons/floats/#c']]);
    expect(hits.every((h) => h.lesson === 'Floats')).toBe(true);
  });

  it('shows a hint record as one row named by its section', () => {
    const hits = hitsOf({
      url: '/lessons/integers-as-bits/#exercise-int-bits',
      excerpt: 'Hint 3: Avoid <mark>bit</mark> operators',
      meta: { title: 'Integers as bits', section: 'Hints for the exercise “Integers as bits”' },
      sub_results: [{ title: 'Integers as bits', url: '/lessons/integers-as-bits/#exercise-int-bits', excerpt: 'x' }],
    });
    expect(hits).toEqual([{ lesson: 'Integers as bits', section: 'Hints for the exercise “Integers as bits”', url: '/lessons/integers-as-bits/#exercise-int-bits', excerpt: 'Hint 3: Avoid <mark>bit</mark> operators' }]);
  });
});
