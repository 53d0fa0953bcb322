import { Hono } from 'hono'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { ZCreateCategoryBody, ZManagedCategoriesQuery, ZUpdateCategoryBody, ZUploadCategoriesQuery, uuidParam } from '../schemas.ts'
import { createCategory, listManagedCategories, listUploadCategories, updateCategory } from '../service/categories.ts'

/** Categories uploads are filed into: what an uploader may choose, and staff managing them. */
export const categoryRoutes = new Hono<AuthedEnv>()
  .use('*', requireSession())
  .get('/', async (c) => c.json(await listUploadCategories(c.get('rt').db, c.get('session'), ZUploadCategoriesQuery.parse(c.req.query()))))
  .get('/manage', async (c) =>
    c.json(await listManagedCategories(c.get('rt').db, c.get('session'), ZManagedCategoriesQuery.parse(c.req.query()).clientId)),
  )
  .post('/', async (c) => c.json(await createCategory(c.get('rt').db, c.get('session'), await jsonBody(c, ZCreateCategoryBody), requestMeta(c)), 201))
  .patch('/:categoryId', async (c) => {
    const body = await jsonBody(c, ZUpdateCategoryBody)
    return c.json(await updateCategory(c.get('rt').db, c.get('session'), uuidParam(c.req.param('categoryId')), body, requestMeta(c), c.get('rt').now()))
  })
