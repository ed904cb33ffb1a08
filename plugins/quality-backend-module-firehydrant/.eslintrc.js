module.exports = require('../../scripts/eslint-backend-module')(__dirname);
