import { z } from 'zod';
import { idParam, pageOf, roleName } from '../common-schemas.js';

export const projectParams = z.object({ id: idParam });
export const memberParams = z.object({ id: idParam, userId: idParam });

const slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters and digits, in words joined by single hyphens');
const name = z.string().trim().min(1).max(200);
const description = z.string().max(5000);

export const createProjectBody = z
  .object({
    name,
    /** Default: made from the name (`My Service` → `my-service`). */
    slug: slug.optional(),
    description: description.optional(),
  })
  .strict();

export const updateProjectBody = z
  .object({ name: name.optional(), description: description.optional() })
  .strict()
  .refine((body) => body.name !== undefined || body.description !== undefined, {
    message: 'send a name, a description or both',
  });

export const project = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  /** The caller's role in the project (`admin` for administrators who are not members). */
  role: z.string().nullable(),
});

export const projectPage = pageOf(project);

export const member = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.string(),
  addedBy: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const memberList = z.object({ items: z.array(member) });

export const addMemberBody = z
  .object({ userId: idParam.optional(), email: z.string().trim().max(320).optional(), role: roleName })
  .strict()
  .refine((body) => (body.userId === undefined) !== (body.email === undefined), {
    message: 'send either userId or email',
  });

export const changeMemberBody = z.object({ role: roleName }).strict();
