export * from './photoStore';
export * from './config';
export * from './localPhotoStore';
export * from './cloudinaryPhotoStore';
export * from './openPhotoStore';
export * from './photoService';
