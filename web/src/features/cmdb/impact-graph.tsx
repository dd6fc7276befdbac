/**
 * The impact graph, drawn with Cytoscape.js: nodes filled by class and bordered by criticality, the
 * analysed item as a larger box on the left, arrows along each item's path labelled with the relationship.
 * Clicking (or tapping) a node opens that item. Pan by dragging; zoom and fit with the buttons. The
 * same items are listed as text with links beside it, for keyboard and screen-reader users.
 */
import { useEffect, useRef } from 'react';
import { ActionIcon, Box, Group, Text, Tooltip, useComputedColorScheme } from '@mantine/core';
import cytoscape from 'cytoscape';
import { useTranslation } from 'react-i18next';
import { criticalityBorders, type ImpactEdge, type ImpactNode } from './impact-elements';

interface ImpactGraphProps {
  nodes: ImpactNode[];
  edges: ImpactEdge[];
  label: string;
  onOpen: (key: string) => void;
}

export function ImpactGraph({ nodes, edges, label, onOpen }: ImpactGraphProps) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<cytoscape.Core | null>(null);
  // Redrawn when the theme changes: labels take the page's colours.
  const scheme = useComputedColorScheme('light');
  const open = useRef(onOpen);
  useEffect(() => {
    open.current = onOpen;
  }, [onOpen]);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    // Labels take the page's text colour, so they read in light and dark themes alike.
    const text = getComputedStyle(element).color;
    const background = getComputedStyle(document.body).backgroundColor;
    const instance = cytoscape({
      container: element,
      elements: [
        ...nodes.map((n) => ({ group: 'nodes' as const, data: { ...n, border: criticalityBorders[n.criticality ?? 'none'].colour, borderWidth: criticalityBorders[n.criticality ?? 'none'].width } })),
        ...edges.map((e) => ({ group: 'edges' as const, data: { ...e, label: t(`cmdb.relationships.names.${e.name}`) } })),
      ],
      style: [
        {
          selector: 'node',
          style: {
            'background-color': 'data(colour)',
            'border-color': 'data(border)',
            'border-width': 'data(borderWidth)',
            label: 'data(label)',
            color: text,
            'font-size': 11,
            'text-wrap': 'wrap',
            'text-max-width': '140px',
            'text-valign': 'bottom',
            'text-margin-y': 4,
            width: 30,
            height: 30,
          },
        },
        { selector: 'node[?root]', style: { shape: 'round-rectangle', width: 46, height: 46, 'font-weight': 'bold' } },
        {
          selector: 'edge',
          style: {
            width: 2,
            'line-color': '#adb5bd',
            'target-arrow-color': '#adb5bd',
            'target-arrow-shape': 'triangle',
            'curve-style': 'bezier',
            label: 'data(label)',
            color: text,
            'font-size': 9,
            'text-rotation': 'autorotate',
            'text-background-color': background,
            'text-background-opacity': 1,
            'text-background-padding': '2px',
          },
        },
      ],
      // Left to right, the analysed item first: labels sit under nodes, clear of the mostly level edges.
      layout: { name: 'breadthfirst', directed: true, direction: 'rightward', roots: nodes.filter((n) => n.root).map((n) => n.id), spacingFactor: 1.2, padding: 32, animate: false },
      userZoomingEnabled: false,
      boxSelectionEnabled: false,
      autoungrabify: false,
      minZoom: 0.2,
      maxZoom: 3,
    });
    // A small graph fitted to the box would be drawn huge; keep it at a readable size, centred.
    if (instance.zoom() > 1.25) {
      instance.zoom(1.25);
      instance.center();
    }
    instance.on('tap', 'node', (event) => open.current(event.target.id() as string));
    instance.on('mouseover', 'node', () => (element.style.cursor = 'pointer'));
    instance.on('mouseout', 'node', () => (element.style.cursor = ''));
    cy.current = instance;
    return () => {
      instance.destroy();
      cy.current = null;
    };
  }, [nodes, edges, t, scheme]);
  const zoom = (factor: number) => {
    const c = cy.current;
    if (c) c.zoom({ level: c.zoom() * factor, renderedPosition: { x: c.width() / 2, y: c.height() / 2 } });
  };
  return (
    <Box pos="relative">
      <Box ref={container} role="img" aria-label={label} aria-describedby="impact-graph-hint" h={460} style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-sm)' }} data-testid="impact-graph" />
      <Group gap={4} pos="absolute" top={8} right={8}>
        <Tooltip label={t('cmdb.impact.zoomIn')}>
          <ActionIcon variant="default" onClick={() => zoom(1.25)} aria-label={t('cmdb.impact.zoomIn')}>
            +
          </ActionIcon>
        </Tooltip>
        <Tooltip label={t('cmdb.impact.zoomOut')}>
          <ActionIcon variant="default" onClick={() => zoom(0.8)} aria-label={t('cmdb.impact.zoomOut')}>
            −
          </ActionIcon>
        </Tooltip>
        <Tooltip label={t('cmdb.impact.fit')}>
          <ActionIcon variant="default" onClick={() => cy.current?.fit(undefined, 24)} aria-label={t('cmdb.impact.fit')}>
            ⤢
          </ActionIcon>
        </Tooltip>
      </Group>
      <Text id="impact-graph-hint" size="xs" c="dimmed" mt={4}>
        {t('cmdb.impact.graphHint')}
      </Text>
    </Box>
  );
}

export default ImpactGraph;
