// The survey as a hono sub-app (mount it, e.g. app.route('/sondage', surveyRoutes(deps))).
// GET /<token> shows the form and records nothing (mail scanners and link previews open links);
// POST /<token> records the answer as `case.survey-answered.v1` in the case file, once. The signed
// token is the capability and the CSRF token: the form must carry the same token as the URL, and a
// cross-site POST (Origin or Sec-Fetch-Site) is refused. One answer per case: the warehouse says if
// one was projected, this process remembers those it published, and the event id derives from the
// token id, so even two instances racing would leave one answer in the file.
import { Hono, type Context } from 'hono';
import type { Keyring } from '../../core/crypto/keyring.ts';
import { seal } from '../../core/crypto/sealed.ts';
import { DoleancesError } from '../../core/errors.ts';
import { publishEvents } from '../../core/events/publish.ts';
import { deterministicId } from '../../core/ids.ts';
import type { Log } from '../../core/log/types.ts';
import type { Profile } from '../../core/profiles/schema.ts';
import type { Duck } from '../../store/duck.ts';
import { isCrossSite } from './cross-site.ts';
import { SURVEY_CSS, surveyForm, surveyRefused, surveyThanks } from './page.ts';
import { surveyKey, verifySurveyToken, type SurveyClaim } from './token.ts';

export interface SurveyRouteDeps {
  log: Log;
  keyring: Keyring;
  profile: Profile;
  /** True when the case's survey already has an answer in the warehouse. */
  answered(caseId: string): Promise<boolean>;
  now?: () => Date;
}

export const MAX_COMMENT = 2000;

/** `answered` for the deps, read from the case file in the warehouse. */
export function answeredInWarehouse(db: Duck): (caseId: string) => Promise<boolean> {
  return async (caseId) => Boolean(await db.one(`SELECT 1 AS x FROM case_events WHERE case_id = $1 AND type = 'case.survey-answered.v1' LIMIT 1`, [caseId]));
}

export function surveyRoutes(deps: SurveyRouteDeps): Hono {
  const app = new Hono();
  const key = surveyKey(deps.keyring);
  const now = deps.now ?? (() => new Date());
  const published = new Set<string>();
  const css = 'style.css';

  const claim = (c: Context, token: string): SurveyClaim | Response => {
    try {
      return verifySurveyToken(key, token, now());
    } catch (err) {
      const expired = err instanceof DoleancesError && err.code === 'SURVEY_EXPIRED';
      return c.html(surveyRefused(deps.profile, css, expired ? 'expired' : 'invalid'), expired ? 410 : 400);
    }
  };
  const isAnswered = async (caseId: string) => published.has(caseId) || (await deps.answered(caseId));

  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Robots-Tag', 'noindex');
  });
  app.get('/style.css', (c) => c.body(SURVEY_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }));

  app.get('/:token', async (c) => {
    const cl = claim(c, c.req.param('token'));
    if (cl instanceof Response) return cl;
    if (await isAnswered(cl.caseId)) return c.html(surveyRefused(deps.profile, css, 'answered'), 409);
    return c.html(surveyForm(deps.profile, css, '', c.req.param('token'), cl.caseId));
  });

  app.post('/:token', async (c) => {
    const token = c.req.param('token');
    if (isCrossSite({ origin: c.req.header('origin'), host: c.req.header('host'), secFetchSite: c.req.header('sec-fetch-site') })) {
      return c.html(surveyRefused(deps.profile, css, 'invalid'), 403);
    }
    const body = await c.req.parseBody();
    if (body.token !== token) return c.html(surveyRefused(deps.profile, css, 'invalid'), 403);
    const cl = claim(c, token);
    if (cl instanceof Response) return cl;
    const score = Number(body.score);
    const comment = typeof body.comment === 'string' ? body.comment.trim() : '';
    if (!Number.isInteger(score) || score < 1 || score > 5 || comment.length > MAX_COMMENT) {
      return c.html(surveyForm(deps.profile, css, '', token, cl.caseId, 'Choisissez une note de 1 à 5 (commentaire de 2000 caractères au plus).'), 422);
    }
    // Claimed before any await: a second POST racing this one is refused.
    if (published.has(cl.caseId)) return c.html(surveyRefused(deps.profile, css, 'answered'), 409);
    published.add(cl.caseId);
    try {
      if (await deps.answered(cl.caseId)) return c.html(surveyRefused(deps.profile, css, 'answered'), 409);
      await publishEvents(deps.log, [
        {
          id: deterministicId('case.survey-answered.v1', cl.tokenId),
          type: 'case.survey-answered.v1',
          occurredAt: now().toISOString(),
          correlationId: cl.caseId,
          profileId: deps.profile.id,
          data: { caseId: cl.caseId, tokenId: cl.tokenId, score, comment: comment ? seal(deps.keyring, comment) : null },
        },
      ]);
    } catch (err) {
      published.delete(cl.caseId);
      throw err;
    }
    return c.html(surveyThanks(deps.profile, css));
  });
  return app;
}
