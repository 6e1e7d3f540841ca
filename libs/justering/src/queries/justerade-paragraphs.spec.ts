import { addRound, secretaryCaller, testId } from '../testing/fixtures';
import { InMemoryJusteringReads } from '../testing/in-memory-reads';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { JusteradeParagraphs, paragraphsJusteradeOnTheirOwn } from './justerade-paragraphs';

describe(JusteradeParagraphs.name, () => {
  it('gives the §§ of the protocol’s completed omedelbar justeringar, not of running, cancelled or whole-protocol rounds', async () => {
    const store = new InMemoryJusteringStore();
    const fx = addRound(store, { paragraphs: [2, 3], status: 'completed' }, ['signed', 'signed', 'signed']);
    const more = (over: Partial<typeof fx.round>) => store.rounds.push({ ...fx.round, id: testId(), ...over });
    more({ paragraphs: [7], status: 'completed' });
    more({ paragraphs: [5], status: 'active' });
    more({ paragraphs: [6], status: 'cancelled' });
    more({ paragraphs: null, status: 'completed' });
    addRound(store, { paragraphs: [9], status: 'completed' }); // another protocol's
    const query = new JusteradeParagraphs(new InMemoryJusteringReads(store));

    expect(await query.execute({ caller: secretaryCaller(), protocolId: fx.protocol.id })).toEqual([2, 3, 7]);
  });

  it('gives none for a protocol without rounds, and refuses another organisation’s protocol', async () => {
    const store = new InMemoryJusteringStore();
    const fx = addRound(store);
    store.rounds = [];
    const query = new JusteradeParagraphs(new InMemoryJusteringReads(store));
    expect(await query.execute({ caller: secretaryCaller(), protocolId: fx.protocol.id })).toEqual([]);
    await expect(query.execute({ caller: secretaryCaller(undefined, testId()), protocolId: fx.protocol.id })).rejects.toMatchObject({ code: 'not_found' });
    expect(paragraphsJusteradeOnTheirOwn([])).toEqual([]);
  });
});
