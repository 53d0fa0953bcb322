// The messages API's error codes live in _shared: the shared message operations throw them too.
export * from '../../_shared/messages/errors.ts'
