// The resolvers of the conformance schema, for graphql-js.
//
// They are deliberately trivial and data-driven so that the C# test schema can mirror
// them exactly: README.md ("Resolver contract") describes every one of them in prose,
// and the two must be kept in step. Nothing here depends on time, randomness or order
// of completion, except where an async resolver's delay is the point.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { buildSchema, GraphQLError, valueFromASTUntyped } from 'graphql';

const here = dirname(fileURLToPath(import.meta.url));

export const sdl = readFileSync(join(here, 'schema.graphql'), 'utf8');
export const data = JSON.parse(readFileSync(join(here, 'data.json'), 'utf8'));

/** The messages the resolvers throw, and what graphql-js adds around them, by design. */
export const designedErrorPatterns = [
  /^Fault: /,
  /^Cannot return null for non-nullable field /,
  /^Int cannot represent non-integer value: "not a number"$/,
  // The mutation counter can leave the 32-bit range (setCounter near the maximum, then increment).
  /^Int cannot represent non 32-bit signed integer value: -?\d+$/,
  / must not be negative\.$/,
];

const byId = (list) => new Map(list.map((r) => [r.id, r]));
const users = byId(data.users);
const posts = byId(data.posts);
const comments = byId(data.comments);
const petsByKey = new Map(data.pets.map((p) => [p.key, p]));

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function findNode(id) {
  return users.get(id) ?? posts.get(id) ?? comments.get(id) ?? null;
}

function findUserByRef(ref) {
  // A @oneOf input: exactly one key is present.
  if (ref.id !== undefined) return users.get(ref.id) ?? null;
  if (ref.email !== undefined) return data.users.find((u) => u.email === ref.email) ?? null;
  if (ref.name !== undefined) return data.users.find((u) => u.name === ref.name) ?? null;
  return null;
}

function takeFirst(list, first, argName = 'first') {
  if (first === null || first === undefined) return list;
  if (first < 0) throw new GraphQLError(`${argName} must not be negative.`);
  return list.slice(0, first);
}

function applyPostFilter(list, filter) {
  if (filter === null || filter === undefined) return list;
  return list.filter((p) => {
    if (filter.published !== undefined && filter.published !== null
      && (p.status === 'PUBLISHED') !== filter.published) return false;
    if (filter.minRating !== undefined && filter.minRating !== null
      && (p.rating === null || p.rating < filter.minRating)) return false;
    if (filter.tags !== undefined && filter.tags !== null
      && !filter.tags.every((t) => p.tags.includes(t))) return false;
    if (filter.status !== undefined && filter.status !== null && p.status !== filter.status) return false;
    if (filter.author !== undefined && filter.author !== null) {
      const author = findUserByRef(filter.author);
      if (author === null || p.authorId !== author.id) return false;
    }
    return true;
  });
}

function sortPosts(list, sort) {
  const sorted = [...list].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  return sort === 'DESC' ? sorted.reverse() : sorted;
}

function faultItems() {
  return [{ index: 0 }, { index: 1 }, { index: 2 }];
}

// Custom scalars: every coercion is the same check; the internal value is a string
// (DateTime, Decimal, UUID) or any JSON value (JSON).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const scalarMessages = {
  DateTime: 'DateTime must be an RFC 3339 date-time string.',
  Decimal: 'Decimal must be a string of decimal digits such as "12.50".',
  UUID: 'UUID must be a string in the 8-4-4-4-12 hexadecimal form.',
};

function stringScalar(name, pattern, normalize = (s) => s) {
  const coerce = (value) => {
    if (typeof value !== 'string' || !pattern.test(value)) throw new GraphQLError(scalarMessages[name]);
    return normalize(value);
  };
  return coerce;
}

const scalarCoercions = {
  DateTime: stringScalar('DateTime', DATE_TIME),
  Decimal: stringScalar('Decimal', DECIMAL),
  UUID: stringScalar('UUID', UUID, (s) => s.toLowerCase()),
  JSON: (value) => value,
};

const resolvers = {
  Query: {
    node: (_, { id }) => findNode(id),
    nodes: (_, { ids }) => ids.map(findNode),
    user: (_, { id }) => users.get(id) ?? null,
    userBy: (_, { ref }) => findUserByRef(ref),
    users: (_, { ids, role, first, roles }) => {
      let list = ids === null || ids === undefined
        ? data.users
        : ids.map((id) => users.get(id)).filter((u) => u !== undefined);
      if (role !== null && role !== undefined) list = list.filter((u) => u.role === role);
      if (roles !== null && roles !== undefined) list = list.filter((u) => roles.includes(u.role));
      return takeFirst(list, first);
    },
    post: (_, { id }) => posts.get(id) ?? null,
    posts: (_, { filter, sort }) => sortPosts(applyPostFilter(data.posts, filter), sort),
    resources: () => data.posts,
    search: (_, { by, limit }) => {
      let list = [];
      if (by.text !== undefined) {
        list = [
          ...data.users.filter((u) => u.name.includes(by.text)),
          ...data.posts.filter((p) => p.title.includes(by.text)),
          ...data.comments.filter((c) => c.text.includes(by.text)),
        ];
      } else if (by.tag !== undefined) {
        list = data.posts.filter((p) => p.tags.includes(by.tag));
      } else if (by.author !== undefined) {
        const author = findUserByRef(by.author);
        list = author === null ? [] : [
          ...data.posts.filter((p) => p.authorId === author.id),
          ...data.comments.filter((c) => c.authorId === author.id),
        ];
      } else if (by.kinds !== undefined) {
        const all = { USER: data.users, POST: data.posts, COMMENT: data.comments };
        list = by.kinds.flatMap((k) => all[k]);
      }
      return takeFirst(list, limit, 'limit');
    },
    animals: () => data.pets,
    pets: (_, { names }) => (names === null || names === undefined
      ? data.pets
      : data.pets.filter((p) => names.includes(p.name))),
    scalars: () => data.scalars,
    echo: (_, args) => args,
    echoRequired: (_, args) => args,
    echoRole: (_, { role }) => role,
    echoDateTime: (_, { value }) => value,
    echoDecimal: (_, { value }) => value,
    echoUuid: (_, { value }) => value,
    echoJson: (_, { value }) => value,
    echoList: (_, { values }) => values,
    delayed: async (_, { value, ms }) => {
      if (ms !== null && ms !== undefined && ms > 0) await delay(ms);
      return value;
    },
    counter: (_, __, context) => context.counter,
    faults: () => ({}),
    strictFaults: () => ({}),
    mustFail: () => { throw new GraphQLError('Fault: root'); },
    now: () => data.now,
  },
  Mutation: {
    increment: async (_, { by, delayMs }, context) => {
      if (delayMs !== null && delayMs !== undefined && delayMs > 0) await delay(delayMs);
      context.counter += by;
      return context.counter;
    },
    setCounter: (_, { value }, context) => {
      context.counter = value;
      return context.counter;
    },
    readCounter: (_, __, context) => context.counter,
    createPost: (_, { input }, context) => {
      context.counter += 1;
      return {
        __typename: 'Post',
        id: `new-${context.counter}`,
        createdAt: input.publishedAt ?? data.now,
        title: input.title,
        body: input.body ?? null,
        authorId: input.authorId,
        tags: input.tags,
        commentIds: [],
        rating: null,
        status: input.status ?? 'DRAFT',
        price: input.price ?? null,
      };
    },
    failingIncrement: (_, __, context) => {
      context.counter += 100;
      throw new GraphQLError('Fault: mutation');
    },
    strictFailingIncrement: (_, __, context) => {
      context.counter += 100;
      throw new GraphQLError('Fault: mutation');
    },
  },
  Subscription: {
    counted: {
      subscribe: (_, { to }) => {
        if (to < 0) throw new GraphQLError('to must not be negative.');
        return (async function* counted() {
          for (let n = 1; n <= to; n++) yield n;
        })();
      },
      resolve: (payload) => payload,
    },
    postPublished: {
      subscribe: (_, { tag }) => (async function* published() {
        for (const p of data.posts) {
          if (p.status !== 'PUBLISHED') continue;
          if (tag !== null && tag !== undefined && !p.tags.includes(tag)) continue;
          yield p;
        }
      })(),
      resolve: (payload) => payload,
    },
    events: {
      subscribe: (_, { count }) => {
        const n = count ?? 0;
        if (n < 0) throw new GraphQLError('count must not be negative.');
        return (async function* events() {
          for (let i = 1; i <= n; i++) yield { n: i };
        })();
      },
      resolve: (payload) => payload,
    },
  },
  Event: {
    value: ({ n }) => {
      if (n === 2) throw new GraphQLError('Fault: event 2');
      return `event ${n}`;
    },
  },
  User: {
    friends: (user, { first, after }) => {
      let ids = user.friendIds;
      if (after !== null && after !== undefined) {
        const at = ids.indexOf(after);
        ids = at < 0 ? [] : ids.slice(at + 1);
      }
      return takeFirst(ids.map((id) => users.get(id)).filter((u) => u !== undefined), first);
    },
    // Async on purpose: the engine must await it.
    bestFriend: async (user) => (user.bestFriendId === null ? null : users.get(user.bestFriendId) ?? null),
    posts: (user, { sort, filter }) => sortPosts(applyPostFilter(data.posts.filter((p) => p.authorId === user.id), filter), sort),
    pets: (user) => (user.petKeys === null ? null : user.petKeys.map((k) => petsByKey.get(k) ?? null)),
    nickname: (user, { fallback }) => user.nickname ?? fallback ?? null,
  },
  Post: {
    url: (post, { absolute }) => (absolute ? `${data.baseUrl}posts/${post.id}` : `/posts/${post.id}`),
    author: async (post) => users.get(post.authorId) ?? null,
    comments: (post) => (post.commentIds === null ? null : post.commentIds.map((id) => comments.get(id)).filter((c) => c !== undefined)),
  },
  Comment: {
    author: (comment) => (comment.authorId === null ? null : users.get(comment.authorId) ?? null),
    post: (comment) => posts.get(comment.postId) ?? null,
  },
  Dog: { owner: (pet) => (pet.ownerId === null ? null : users.get(pet.ownerId) ?? null) },
  Cat: { owner: (pet) => (pet.ownerId === null ? null : users.get(pet.ownerId) ?? null) },
  Faults: {
    plain: () => { throw new GraphQLError('Fault: plain'); },
    nonNull: () => { throw new GraphQLError('Fault: non-null'); },
    nullReturned: () => null,
    async: async () => {
      await Promise.resolve();
      throw new GraphQLError('Fault: async');
    },
    items: faultItems,
    nullableItems: faultItems,
    strictItems: faultItems,
    child: () => ({}),
    maybeChild: () => ({}),
    nullInList: () => ['a', null, 'c'],
    wrongType: () => 'not a number',
  },
  FaultItem: {
    value: ({ index }) => {
      if (index === 1) throw new GraphQLError('Fault: item 1');
      return `item ${index}`;
    },
    required: ({ index }) => {
      if (index === 1) throw new GraphQLError('Fault: required 1');
      return `required ${index}`;
    },
  },
};

/** A fresh graphql-js schema with the resolvers and scalar coercions attached. */
export function createSchema() {
  const schema = buildSchema(sdl);
  for (const [name, coerce] of Object.entries(scalarCoercions)) {
    const type = schema.getType(name);
    const literal = (node, variables) => coerce(valueFromASTUntyped(node, variables));
    type.serialize = coerce;
    type.coerceOutputValue = coerce;
    type.parseValue = coerce;
    type.coerceInputValue = coerce;
    type.parseLiteral = literal;
    type.coerceInputLiteral = (node) => coerce(valueFromASTUntyped(node));
  }
  for (const typeName of ['Node', 'Entity', 'Resource', 'Named', 'Pet', 'SearchResult', 'Animal']) {
    schema.getType(typeName).resolveType = (value) => value.__typename;
  }
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const typeFields = schema.getType(typeName).getFields();
    for (const [fieldName, resolver] of Object.entries(fields)) {
      const field = typeFields[fieldName];
      if (!field) throw new Error(`No field ${typeName}.${fieldName} in schema.graphql`);
      if (typeof resolver === 'function') {
        field.resolve = resolver;
      } else {
        field.subscribe = resolver.subscribe;
        field.resolve = resolver.resolve;
      }
    }
  }
  return schema;
}

/** The per-request context: a fresh counter for every operation executed. */
export function createContext() {
  return { counter: data.counterStart };
}
