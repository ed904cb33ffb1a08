export { LearningLoopCard } from './LearningLoopCard';
