export { waitFor } from '../../tests/helpers/wait.js';
