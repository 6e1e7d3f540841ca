/**
 * One section's text in TipTap: a labelled textbox with a toolbar of real buttons (Fet, Kursiv, lists,
 * sub-heading, table), each named for screen readers and showing its state with aria-pressed. The
 * document maps to the protocol format's blocks on every change (richtext.ts). No CSS is injected
 * (the workspace's CSP forbids inline style; styles.css has the editor's rules).
 */
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import { useRef } from 'react';
import { protocolExtensions } from './extensions';
import { blocksToDoc, docToBlocks, SUBHEADING_LEVEL, type Block } from './richtext';

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
  return (
    <div className={`rich${error ? ' has-error' : ''}`}>
      <div className="toolbar" role="toolbar" aria-label={`Textformat: ${label}`}>
        <ToolButton editor={editor} label="Fet" active={editor.isActive('bold')} onClick={() => chain().toggleBold().run()} />
        <ToolButton editor={editor} label="Kursiv" active={editor.isActive('italic')} onClick={() => chain().toggleItalic().run()} />
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
            <ToolButton editor={editor} label="Kolumn till höger" onClick={() => chain().addColumnAfter().run()} />
            <ToolButton editor={editor} label="Ta bort raden" onClick={() => chain().deleteRow().run()} />
            <ToolButton editor={editor} label="Ta bort kolumnen" onClick={() => chain().deleteColumn().run()} />
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
