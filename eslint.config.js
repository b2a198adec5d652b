// Lint encodes the layering rules of docs/ARCHITECTURE.md ("The layers"); the type-checker (one tsconfig per layer) does the rest.
import tseslint from 'typescript-eslint';

const noElectron = {
  paths: [{ name: 'electron', message: 'Only electron/main and electron/preload may import electron: the engine, host, shared code and renderer run without it.' }],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist-electron/**', 'dist-cli/**', 'release/**', 'tests/fixtures/**', 'resources/sample-app/**', 'docs/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-control-regex': 'off',
    },
  },
  {
    files: ['electron/engine/**', 'electron/host/**', 'shared/**', 'renderer/**'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  {
    // The engine ships on Electron's Node, newer than the one it is developed on: documented Node APIs
    // only. Internals (bindings, handles, underscore members) change between versions without notice.
    files: ['electron/engine/**'],
    rules: {
      'no-restricted-properties': ['error',
        { object: 'process', property: 'binding', message: 'process.binding is internal to Node: use a documented API.' },
        { object: 'process', property: '_linkedBinding', message: 'process._linkedBinding is internal to Node: use a documented API.' },
      ],
      'no-restricted-syntax': ['error',
        { selector: 'MemberExpression[property.name=/^_/]', message: 'Underscore members of Node objects (_handle, _writableState, …) are internals: use a documented API.' },
        { selector: 'MemberExpression[property.value=/^_/]', message: 'Underscore members of Node objects (_handle, _writableState, …) are internals: use a documented API.' },
        // Also through a cast ((process as X).binding), which no-restricted-properties does not see.
        { selector: 'MemberExpression[property.name="binding"]', message: 'process.binding is internal to Node: use a documented API.' },
        { selector: 'MemberExpression[property.name=/^(latin1|utf8|ascii|hex|ucs2|base64|base64url)(Slice|Write)$/]', message: 'Buffer\'s per-encoding slice/write methods are undocumented: use toString()/write() with an encoding.' },
      ],
    },
  },
  {
    // Raw IPC only inside the two wrappers, so every channel is validated and sender-checked.
    files: ['electron/main/**', 'electron/preload/**'],
    ignores: ['electron/main/ipc-registry.ts', 'electron/main/ipc-*.ts', 'electron/preload/**'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "MemberExpression[object.name='ipcMain']", message: 'Use the IPC registry (electron/main/ipc-registry.ts), which checks the sender and validates payloads.' },
        { selector: "ImportSpecifier[imported.name='ipcRenderer']", message: 'Only the preload talks to ipcRenderer.' },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
  },
);
