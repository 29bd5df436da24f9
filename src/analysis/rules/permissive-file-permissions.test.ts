import { testRule } from '../test-support/rule-tester.js';
import rule from './permissive-file-permissions.js';

testRule(rule, {
  valid: [
    `const fs = require('fs');
fs.chmodSync(binPath, 0o755);
fs.chmodSync(configPath, 0o644);
fs.chmodSync(keyPath, 0o600);
fs.chmodSync(dataDir, 0o700);`,
    `import { chmod } from 'node:fs/promises';
await chmod(script, '755');`,
    // Group write is a deliberate sharing choice, not write for everyone.
    `const fs = require('fs');
fs.chmodSync(sharedDir, 0o775);`,
    // Creation modes are reduced by the umask: 0o777 is mkdir's own default.
    `const fs = require('fs');
fs.mkdirSync(cacheDir, { recursive: true, mode: 0o777 });
fs.writeFileSync(file, data, { mode: 0o666 });`,
    // Computed modes.
    `const fs = require('fs');
fs.chmodSync(file, stat.mode | 0o111);`,
    // A default umask.
    `process.umask(0o022);
const previous = process.umask();`,
    // Decimal 777 is 0o1411: a bug, but not write for others.
    `const fs = require('fs');
fs.chmodSync(file, 777);`,
    // Not the file system.
    `permissions.chmod(user, 0o777);`,
    `exec('chmod 755 ' + script);`,
    `const { exec } = require('child_process');
exec(\`chmod +x \${script}\`);`,
    // A test fixture.
    {
      code: `const fs = require('fs');
fs.chmodSync(tmp, 0o777);`,
      filename: 'test/permissions.test.js',
    },
  ],
  invalid: [
    {
      code: `const fs = require('fs');
fs.chmodSync(uploadDir, 0o777);`,
      errors: [{ messageId: 'worldWritable', line: 2 }],
    },
    {
      code: `import fs from 'node:fs';
fs.chmod(logFile, 0o666, (err) => { if (err) throw err; });`,
      errors: [{ messageId: 'worldWritable', line: 2 }],
    },
    {
      code: `const fs = require('fs');
fs.chmodSync(dir, 511);
fs.chmodSync(file, '777');
fs.chmodSync(file, 0o766);`,
      errors: [
        { messageId: 'worldWritable', line: 2 },
        { messageId: 'worldWritable', line: 3 },
        { messageId: 'worldWritable', line: 4 },
      ],
    },
    // A destructured, promised chmod, and a mode held in a constant.
    {
      code: `import { chmod } from 'fs/promises';
const SHARED_MODE = 0o777;
export async function share(path: string) {
  await chmod(path, SHARED_MODE);
}`,
      errors: [{ messageId: 'worldWritable', line: 4 }],
    },
    {
      code: `const fs = require('fs');
fs.promises.chmod(socketPath, parseInt('666', 8));`,
      errors: [{ messageId: 'worldWritable', line: 2 }],
    },
    {
      code: `const fs = require('fs');
const { S_IRWXU, S_IRWXG, S_IRWXO } = fs.constants;
fs.fchmodSync(fd, fs.constants.S_IRWXU | fs.constants.S_IRWXG | fs.constants.S_IRWXO);`,
      errors: [{ messageId: 'worldWritable', line: 3 }],
    },
    {
      code: `const fse = require('fs-extra');
await fse.chmod(target, 0o757);`,
      errors: [{ messageId: 'worldWritable', line: 2 }],
    },
    {
      code: `process.umask(0);`,
      errors: [{ messageId: 'umask', line: 1 }],
    },
    // With the umask cleared, creation modes are taken as written.
    {
      code: `const fs = require('fs');
process.umask(0o000);
fs.mkdirSync(uploads, { recursive: true, mode: 0o777 });
fs.writeFileSync(path.join(uploads, 'index.json'), '{}', { mode: 0o644 });`,
      errors: [
        { messageId: 'umask', line: 2 },
        { messageId: 'createdWorldWritable', line: 3 },
      ],
    },
    // Shell commands.
    {
      code: `const { execSync } = require('child_process');
execSync('chmod -R 777 ' + outputDir);`,
      errors: [{ messageId: 'worldWritable', line: 2 }],
    },
    {
      code: `import { spawn } from 'node:child_process';
spawn('chmod', ['a+w', socket]);`,
      errors: [{ messageId: 'worldWritable', line: 2 }],
    },
    {
      code: `const shell = require('shelljs');
shell.chmod('-R', '777', 'public/uploads');`,
      errors: [{ messageId: 'worldWritable', line: 2 }],
    },
  ],
});
