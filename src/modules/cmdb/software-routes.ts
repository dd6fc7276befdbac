/** HTTP routes of software titles, the software installed on configuration items, usage peaks and software aliases. */
import { ctxOf } from '../../platform/http/access.ts';
import { NoContent, problems } from '../../platform/http/route-schema.ts';
import type { App } from '../../platform/http/types.ts';
import { createAlias, deleteAlias, getAlias, listAliases, reapplyAliases, updateAlias } from './alias-service.ts';
import { createInstallation, deleteInstallation, updateInstallation } from './installation-service.ts';
import { TitleComplianceDetail, TitleComplianceQuery } from './licence-contract.ts';
import { getTitleCompliance } from './licence-compliance-service.ts';
import {
  CiSoftwareParams, CiSoftwareQuery, CreateInstallationBody, CreateSoftwareAliasBody, InstallationParams, ReapplyAliasesResult, RecordUsagePeakBody, SoftwareAlias, SoftwareAliasPage,
  SoftwareAliasQuery, SoftwareIdParams, SoftwareInstallation, SoftwareInstallationPage, SoftwareQuery, SoftwareTitleDetail, SoftwareTitlePage, TitleInstallationQuery, UpdateInstallationBody,
  UpdateSoftwareAliasBody, UsagePeak, UsagePeakPage, UsagePeakQuery,
} from './software-contract.ts';
import { findCiSoftware, findSoftware, findTitleInstallations, getInstallation, getSoftware } from './software-query.ts';
import { findUsagePeaks, recordUsagePeak } from './usage-peak-service.ts';

/** Registers the software, installation, usage-peak and alias routes. */
export function softwareRoutes(app: App): void {
  const tags = ['Software'];
  app.get('/api/v1/software', {
    config: { access: 'cmdb:read' },
    schema: {
      tags,
      summary: 'Software titles with their installation, device and licence counts',
      description: 'Titles are named by normalisation (publisher and product; versions, architectures and languages dropped). Hotfixes, runtimes, drivers and the like are hidden unless noise=include or only.',
      querystring: SoftwareQuery,
      response: { 200: SoftwareTitlePage, ...problems() },
    },
    handler: (req) => findSoftware(ctxOf(app, req), req.query),
  });
  app.get('/api/v1/software/:id', {
    config: { access: 'cmdb:read' },
    schema: { tags, summary: 'A software title with its versions', params: SoftwareIdParams, response: { 200: SoftwareTitleDetail, ...problems(404) } },
    handler: (req) => getSoftware(ctxOf(app, req), req.params.id),
  });
  app.get('/api/v1/software/:id/installations', {
    config: { access: 'cmdb:read' },
    schema: { tags, summary: 'Where a title is installed, by item name', params: SoftwareIdParams, querystring: TitleInstallationQuery, response: { 200: SoftwareInstallationPage, ...problems(404) } },
    handler: (req) => findTitleInstallations(ctxOf(app, req), req.params.id, req.query),
  });
  app.get('/api/v1/software/:id/compliance', {
    config: { access: 'cmdb:read' },
    schema: {
      tags: ['Licences'],
      summary: "A title's licence compliance position, with removal candidates and renewals",
      params: SoftwareIdParams,
      querystring: TitleComplianceQuery,
      response: { 200: TitleComplianceDetail, ...problems(404) },
    },
    handler: (req) => getTitleCompliance(ctxOf(app, req), req.params.id, req.query),
  });
  app.get('/api/v1/software/:id/usage-peaks', {
    config: { access: 'cmdb:read' },
    schema: { tags: ['Licences'], summary: "A title's daily usage peaks, newest first", params: SoftwareIdParams, querystring: UsagePeakQuery, response: { 200: UsagePeakPage, ...problems(404) } },
    handler: (req) => findUsagePeaks(ctxOf(app, req), req.params.id, req.query),
  });
  app.post('/api/v1/software/:id/usage-peaks', {
    config: { access: 'cmdb:write' },
    schema: {
      tags: ['Licences'],
      summary: 'Record the most simultaneous users of a title on a day',
      description: 'Concurrent licences count the highest peak of the window before the compliance date. A second figure for the same day replaces the first.',
      params: SoftwareIdParams,
      body: RecordUsagePeakBody,
      response: { 201: UsagePeak, ...problems(404) },
    },
    handler: async (req, reply) => reply.status(201).send(await recordUsagePeak(ctxOf(app, req), req.params.id, req.body)),
  });

  const ciTags = ['Configuration items'];
  app.get('/api/v1/configuration-items/:id/software', {
    config: { access: 'cmdb:read' },
    schema: { tags: ciTags, summary: 'Software installed on an item, by product name', params: CiSoftwareParams, querystring: CiSoftwareQuery, response: { 200: SoftwareInstallationPage, ...problems(404) } },
    handler: (req) => findCiSoftware(ctxOf(app, req), req.params.id, req.query),
  });
  app.post('/api/v1/configuration-items/:id/software', {
    config: { access: 'cmdb:write' },
    schema: {
      tags: ciTags,
      summary: 'Record software on an item by hand',
      description: 'The name, publisher and version are kept as given and normalised into a title. The same title and version twice on one item answers 409.',
      params: CiSoftwareParams,
      body: CreateInstallationBody,
      response: { 201: SoftwareInstallation, ...problems(404, 409) },
    },
    handler: async (req, reply) => reply.status(201).send(await createInstallation(ctxOf(app, req), req.params.id, req.body)),
  });
  app.get('/api/v1/configuration-items/:id/software/:installationId', {
    config: { access: 'cmdb:read' },
    schema: { tags: ciTags, summary: 'One installation on an item', params: InstallationParams, response: { 200: SoftwareInstallation, ...problems(404) } },
    handler: (req) => getInstallation(ctxOf(app, req), req.params.id, req.params.installationId),
  });
  app.patch('/api/v1/configuration-items/:id/software/:installationId', {
    config: { access: 'cmdb:write' },
    schema: {
      tags: ciTags,
      summary: 'Correct an installation',
      description: 'Send the version you read. Changed raw values are normalised again; an inventoried installation is overwritten by the next inventory report.',
      params: InstallationParams,
      body: UpdateInstallationBody,
      response: { 200: SoftwareInstallation, ...problems(404, 409) },
    },
    handler: (req) => updateInstallation(ctxOf(app, req), req.params.id, req.params.installationId, req.body),
  });
  app.delete('/api/v1/configuration-items/:id/software/:installationId', {
    config: { access: 'cmdb:write' },
    schema: { tags: ciTags, summary: 'Remove an installation', params: InstallationParams, response: { 204: NoContent, ...problems(404) } },
    handler: async (req, reply) => {
      await deleteInstallation(ctxOf(app, req), req.params.id, req.params.installationId);
      return reply.status(204).send(null);
    },
  });

  const aliasTags = ['Software aliases'];
  app.get('/api/v1/software-aliases', {
    config: { access: 'cmdb:read' },
    schema: { tags: aliasTags, summary: 'Software aliases in the order they are tried', querystring: SoftwareAliasQuery, response: { 200: SoftwareAliasPage, ...problems() } },
    handler: (req) => listAliases(ctxOf(app, req), req.query),
  });
  app.post('/api/v1/software-aliases', {
    config: { access: 'cmdb:admin' },
    schema: {
      tags: aliasTags,
      summary: 'Add a software alias',
      description: 'Installations whose reported publisher and/or name match the patterns (* = any text) are read as toPublisher/toName. Applies to installations recorded from now on; reapply to read existing ones again.',
      body: CreateSoftwareAliasBody,
      response: { 201: SoftwareAlias, ...problems() },
    },
    handler: async (req, reply) => reply.status(201).send(await createAlias(ctxOf(app, req), req.body)),
  });
  app.post('/api/v1/software-aliases/reapply', {
    config: { access: 'cmdb:admin' },
    schema: {
      tags: aliasTags,
      summary: "Normalise every installation again under the current aliases",
      description: 'Installations move to the titles their raw values now give; two on one item that end up with the same title and version are merged.',
      response: { 200: ReapplyAliasesResult, ...problems() },
    },
    handler: (req) => reapplyAliases(ctxOf(app, req)),
  });
  app.get('/api/v1/software-aliases/:id', {
    config: { access: 'cmdb:read' },
    schema: { tags: aliasTags, summary: 'Read a software alias', params: SoftwareIdParams, response: { 200: SoftwareAlias, ...problems(404) } },
    handler: (req) => getAlias(ctxOf(app, req), req.params.id),
  });
  app.patch('/api/v1/software-aliases/:id', {
    config: { access: 'cmdb:admin' },
    schema: { tags: aliasTags, summary: 'Change a software alias', params: SoftwareIdParams, body: UpdateSoftwareAliasBody, response: { 200: SoftwareAlias, ...problems(404, 409) } },
    handler: (req) => updateAlias(ctxOf(app, req), req.params.id, req.body),
  });
  app.delete('/api/v1/software-aliases/:id', {
    config: { access: 'cmdb:admin' },
    schema: { tags: aliasTags, summary: 'Remove a software alias', params: SoftwareIdParams, response: { 204: NoContent, ...problems(404) } },
    handler: async (req, reply) => {
      await deleteAlias(ctxOf(app, req), req.params.id);
      return reply.status(204).send(null);
    },
  });
}
