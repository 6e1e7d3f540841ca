/**
 * One section's text in TipTap: a labelled textbox with a toolbar of real buttons (Fet, Kursiv,
 * Genomstruken, lists, sub-heading, table; in a table its rows, columns and the column's alignment),
 * each named for screen readers and showing its state with aria-pressed. The
 * document maps to the protocol format's blocks on every change (richtext.ts). No CSS is injected
 * (the workspace's CSP forbids inline style; styles.css has the editor's rules).
 */
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import { useRef } from 'react';
import { protocolExtensions } from './extensions';
import { blocksToDoc, docToBlocks, isAlign, SUBHEADING_LEVEL, type Block, type ColumnAlign } from './richtext';

interface Props {
  id: string;
  label: string;
  value: Block[];
  onChange: (blocks: Block[]) => void;
  error?: string;
}

function ToolButton({
  editor,
  label,
  active,
  onClick,
  disabled,
}: {
  editor: Editor;
  label: string;
  active?: boolean;
  onClick: () => void;
  disabled?: boolean;
}) {
  return (
    <button
      type="button"
      className="secondary small"
      aria-pressed={active === undefined ? undefined : active}
      disabled={disabled || !editor.isEditable}
      onMouseDown={(e) => e.preventDefault()}
      onClick={onClick}
    >
      {label}
    </button>
  );
}

/** The table around the selection, and the column the selection is in (the format's tables have no merged cells). */
function tableColumn(editor: Editor): { pos: number; attrs: Record<string, unknown>; col: number; align: ColumnAlign[] } | null {
  const { $from } = editor.state.selection;
  let col = -1;
  for (let d = $from.depth; d > 0; d--) {
    const n = $from.node(d);
    if (col < 0 && (n.type.name === 'tableCell' || n.type.name === 'tableHeader')) col = $from.index(d - 1);
    if (n.type.name === 'table') {
      if (col < 0) return null;
      const cols = n.firstChild?.childCount ?? 0;
      const stored = Array.isArray(n.attrs.align) ? (n.attrs.align as unknown[]) : [];
      const align = Array.from({ length: cols }, (_, k) => (isAlign(stored[k]) ? stored[k] : 'left'));
      return { pos: $from.before(d), attrs: n.attrs, col, align };
    }
  }
  return null;
}

/** Sets the table's `align` attribute (null when every column is left-aligned, the default). */
function setAlign(editor: Editor, change: (align: ColumnAlign[], col: number) => ColumnAlign[]) {
  const t = tableColumn(editor);
  if (!t) return;
  const align = change(t.align.slice(), t.col);
  editor
    .chain()
    .focus()
    .command(({ tr }) => {
      tr.setNodeMarkup(t.pos, undefined, { ...t.attrs, align: align.every((a) => a === 'left') ? null : align });
      return true;
    })
    .run();
}

/** Adds or deletes a column and keeps the other columns' alignment with them. */
function columnCommand(editor: Editor, kind: 'add' | 'delete') {
  const before = tableColumn(editor);
  if (kind === 'add') editor.chain().focus().addColumnAfter().run();
  else editor.chain().focus().deleteColumn().run();
  if (!before || !tableColumn(editor)) return;
  const align = before.align.slice();
  if (kind === 'add') align.splice(before.col + 1, 0, 'left');
  else align.splice(before.col, 1);
  setAlign(editor, () => align);
}

const ALIGN_LABELS: [ColumnAlign, string][] = [
  ['left', 'Vänsterställ kolumnen'],
  ['center', 'Centrera kolumnen'],
  ['right', 'Högerställ kolumnen'],
];

export function RichText({ id, label, value, onChange, error }: Props) {
  const changed = useRef(onChange);
  changed.current = onChange;
  const editor = useEditor({
    extensions: protocolExtensions(),
    content: blocksToDoc(value),
    injectCSS: false,
    shouldRerenderOnTransaction: true,
    editorProps: {
      attributes: {
        id,
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': label,
        ...(error ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-error` } : {}),
        class: 'rich-text',
      },
    },
    onUpdate: ({ editor: e }) => changed.current(docToBlocks(e.getJSON())),
  });
  if (!editor) return null;
  const chain = () => editor.chain().focus();
  const inTable = editor.isActive('table');
  const column = inTable ? tableColumn(editor) : null;
  return (
    <div className={`rich${error ? ' has-error' : ''}`}>
      <div className="toolbar" role="toolbar" aria-label={`Textformat: ${label}`}>
        <ToolButton editor={editor} label="Fet" active={editor.isActive('bold')} onClick={() => chain().toggleBold().run()} />
        <ToolButton editor={editor} label="Kursiv" active={editor.isActive('italic')} onClick={() => chain().toggleItalic().run()} />
        <ToolButton editor={editor} label="Genomstruken" active={editor.isActive('strike')} onClick={() => chain().toggleStrike().run()} />
        <ToolButton
          editor={editor}
          label="Punktlista"
          active={editor.isActive('bulletList')}
          onClick={() => chain().toggleBulletList().run()}
        />
        <ToolButton
          editor={editor}
          label="Numrerad lista"
          active={editor.isActive('orderedList')}
          onClick={() => chain().toggleOrderedList().run()}
        />
        <ToolButton
          editor={editor}
          label="Underrubrik"
          active={editor.isActive('heading')}
          onClick={() =>
            chain()
              .toggleHeading({ level: SUBHEADING_LEVEL as 4 })
              .run()
          }
        />
        {!inTable && (
          <ToolButton editor={editor} label="Tabell" onClick={() => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()} />
        )}
        {inTable && (
          <>
            <ToolButton editor={editor} label="Rad under" onClick={() => chain().addRowAfter().run()} />
            <ToolButton editor={editor} label="Kolumn till höger" onClick={() => columnCommand(editor, 'add')} />
            <ToolButton editor={editor} label="Ta bort raden" onClick={() => chain().deleteRow().run()} />
            <ToolButton editor={editor} label="Ta bort kolumnen" onClick={() => columnCommand(editor, 'delete')} />
            {ALIGN_LABELS.map(([a, text]) => (
              <ToolButton
                key={a}
                editor={editor}
                label={text}
                active={column?.align[column.col] === a}
                onClick={() =>
                  setAlign(editor, (align, col) => {
                    align[col] = a;
                    return align;
                  })
                }
              />
            ))}
            <ToolButton editor={editor} label="Ta bort tabellen" onClick={() => chain().deleteTable().run()} />
          </>
        )}
      </div>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <EditorContent editor={editor} />
    </div>
  );
}
