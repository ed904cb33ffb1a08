export { MySquadsQuality } from './MySquadsQuality';
