const express = require('express');
const fs = require('fs');
const path = require('path');
const { exec } = require('child_process');
const multer = require('multer');
const config = require('../config');
const { requireAuth } = require('../middleware/auth');

const router = express.Router();
const upload = multer({ dest: config.uploadsDir, limits: { fileSize: 10 * 1024 * 1024 } });

router.post('/', requireAuth, upload.single('file'), (req, res) => {
  if (!req.file) {
    return res.status(400).json({ error: 'No file uploaded' });
  }
  res.status(201).json({ name: req.file.filename, originalName: req.file.originalname, size: req.file.size });
});

router.get('/:name', requireAuth, (req, res) => {
  res.sendFile(path.join(config.uploadsDir, req.params.name));
});

router.get('/:name/info', requireAuth, (req, res) => {
  const index = JSON.parse(fs.readFileSync(path.join(config.uploadsDir, 'index.json'), 'utf8'));
  const info = index[req.params.name];
  if (!info) {
    return res.status(404).json({ error: 'Unknown file' });
  }
  res.json(info);
});

// Thumbnails are generated with ImageMagick, which is installed on the server
router.post('/:name/thumbnail', requireAuth, (req, res) => {
  const size = req.body.size || '200x200';
  const source = path.join(config.uploadsDir, path.basename(req.params.name));
  exec(`convert "${source}" -resize ${size} "${source}.thumb.png"`, (err) => {
    if (err) {
      return res.status(500).json({ error: 'Could not create thumbnail' });
    }
    res.json({ thumbnail: `${path.basename(source)}.thumb.png` });
  });
});

router.delete('/:name', requireAuth, async (req, res) => {
  const file = path.join(config.uploadsDir, path.basename(req.params.name));
  try {
    await fs.promises.unlink(`${file}.thumb.png`);
  } catch (err) {}
  await fs.promises.unlink(file);
  res.status(204).end();
});

module.exports = router;
