/**
 * Renders Markdown (with GitHub's tables, task lists, strikethrough and autolinks) as React elements.
 * Raw HTML in the text is shown as text, never interpreted; links get a safe URL and open in a new tab;
 * images are shown as links so a message cannot make the browser fetch from elsewhere unasked.
 */
import { memo } from 'react';
import { Anchor, Typography } from '@mantine/core';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

const components: Components = {
  a: ({ href, children }) => (
    <Anchor href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </Anchor>
  ),
  img: ({ src, alt }) =>
    typeof src === 'string' && src ? (
      <Anchor href={src} target="_blank" rel="noopener noreferrer nofollow">
        {alt || src}
      </Anchor>
    ) : null,
};

const remarkPlugins = [remarkGfm];

export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <Typography fz="sm" style={{ overflowWrap: 'anywhere' }}>
      <ReactMarkdown remarkPlugins={remarkPlugins} components={components}>
        {text}
      </ReactMarkdown>
    </Typography>
  );
});
