import { fieldId, visibleErrors } from '../src/editor/visible-errors';

describe(visibleErrors.name, () => {
  const errors = {
    organisation: 'får inte vara tom',
    'meeting.date': 'måste vara ett giltigt datum',
    'paragraphs.0.title': 'får inte vara tom',
    'paragraphs.1.sections.0.content.0.text': 'får inte vara tom',
    members: 'minst en beslutande',
  };

  it('shows nothing before a field is touched: a blank protocol is not red (new-user trial)', () => {
    expect(visibleErrors(errors, new Set(), false)).toEqual({});
  });

  it("shows a touched field's message, and only its own", () => {
    expect(visibleErrors(errors, new Set([fieldId('meeting.date')]), false)).toEqual({ 'meeting.date': 'måste vara ett giltigt datum' });
    // § 10's title is not § 1's.
    expect(visibleErrors(errors, new Set([fieldId('paragraphs.10.title')]), false)).toEqual({});
  });

  it("shows the messages inside a touched rich-text field, and a list's message once a row of it is touched", () => {
    expect(visibleErrors(errors, new Set([fieldId('paragraphs.1.sections.0.content')]), false)).toEqual({
      'paragraphs.1.sections.0.content.0.text': 'får inte vara tom',
    });
    expect(visibleErrors(errors, new Set([fieldId('members.0.name')]), false)).toEqual({ members: 'minst en beslutande' });
  });

  it('shows every message once the person has tried to save', () => {
    expect(visibleErrors(errors, new Set(), true)).toEqual(errors);
  });
});
