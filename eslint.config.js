// Lint encodes the layering rules of DESIGN.md; the type-checker (one tsconfig per layer) does the rest.
import tseslint from 'typescript-eslint';

const noElectron = {
  paths: [{ name: 'electron', message: 'Only electron/main and electron/preload may import electron: the engine, host, shared code and renderer run without it.' }],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist-electron/**', 'release/**', 'tests/fixtures/**', 'resources/sample-app/**', 'docs/**'] },
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
