/** A Mantine Anchor that is a typed router link (route paths and params checked at compile time). */
import { Anchor, type AnchorProps } from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';
import type { Ref } from 'react';

interface AnchorElementProps extends Omit<AnchorProps, 'href'> {
  ref?: Ref<HTMLAnchorElement>;
  children?: React.ReactNode;
}

function AnchorElement(props: AnchorElementProps) {
  return <Anchor component="a" {...props} />;
}

const CreatedAnchorLink = createLink(AnchorElement);

export const AnchorLink: LinkComponent<typeof AnchorElement> = (props) => <CreatedAnchorLink preload="intent" {...props} />;
